package io.seckill.rehearsal.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rehearsal's buyers talk to their own node over loopback HTTP, so that the web layer (Tomcat, Spring
 * MVC, Jackson, validation) is compiled too, not only what lies behind it. Every request carries the
 * node's rehearsal mark, which keeps it out of the request metrics.
 */
final class RehearsalClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** An answer: its status, the problem code if it is one, and the body as JSON when it is JSON. */
    record Answer(int status, String code, JsonNode json, String captchaAnswer) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String base;
    private final String mark;
    private final JsonMapper json;

    RehearsalClient(int port, String mark, JsonMapper json) {
        this.base = "http://127.0.0.1:" + port;
        this.mark = mark;
        this.json = json;
    }

    Answer captcha(long promoId, String session) throws IOException, InterruptedException {
        return send(request("/api/promos/" + promoId + "/captcha", session).GET());
    }

    Answer token(long promoId, String session, String captcha) throws IOException, InterruptedException {
        return post("/api/promos/" + promoId + "/tokens", session, Map.of("captcha", captcha));
    }

    Answer order(long promoId, String session, String token) throws IOException, InterruptedException {
        return post("/api/orders", session, Map.of("promoId", promoId, "quantity", 1, "token", token));
    }

    private Answer post(String path, String session, Map<String, ?> body) throws IOException, InterruptedException {
        return send(request(path, session).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
    }

    private HttpRequest.Builder request(String path, String session) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header(RehearsalMark.HEADER, mark)
                .header("Authorization", "Bearer " + session);
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        var type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode body = type.contains("json") ? json.readTree(response.body()) : null;
        var code = body != null && body.has("code") ? body.get("code").asString() : null;
        return new Answer(response.statusCode(), code, body,
                response.headers().firstValue("X-Captcha-Answer").orElse(null));
    }

    @Override
    public void close() {
        http.close();
    }
}
