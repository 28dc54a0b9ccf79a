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

import io.seckill.platform.RehearsalIds;

/**
 * The rehearsal's buyers talk to their own node over loopback HTTP, so that the web layer (Tomcat, Spring
 * MVC, Jackson, validation) is compiled too, not only what lies behind it. Every request carries the
 * node's rehearsal mark, which keeps it out of the request metrics.
 */
final class RehearsalClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * A promo id of the real range that no promo will have (the database's counters never get near it): asked
     * about, the node takes the path of real promos, outside the rehearsal's own, and finds none.
     */
    private static final long NO_SUCH_PROMO = RehearsalIds.of(0) - 1;

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

    /**
     * What else a node serves around a sale, none of it a purchase: the catalogue and an item, the buyer's own
     * account and orders, an unknown path, a promo that does not exist, an order the validation refuses and a
     * request without a session. Without these the compiler would tune the web layer to the buying requests
     * alone, and the first other request (an admin publishing the promo, a buyer reading the item) would make
     * it throw that code away and compile it again during the sale. Each answer is whatever it is: they
     * change nothing anywhere.
     */
    void browse(String session) throws IOException, InterruptedException {
        send(anonymous("/api/items").GET());
        send(request("/api/items/1", session).GET());
        send(request("/api/users/me", session).GET());
        send(request("/api/orders", session).GET());
        send(request("/api/no/such/path", session).GET());
        send(request("/api/promos/" + NO_SUCH_PROMO + "/captcha", session).GET());
        post("/api/promos/" + NO_SUCH_PROMO + "/tokens", session, Map.of("captcha", "ABCDE"));
        post("/api/orders", session, Map.of("promoId", NO_SUCH_PROMO, "quantity", 1, "token", "no-such-token"));
        post("/api/orders", session, Map.of("promoId", NO_SUCH_PROMO, "quantity", 0));
        send(anonymous("/api/users/me").GET());
    }

    private Answer post(String path, String session, Map<String, ?> body) throws IOException, InterruptedException {
        return send(request(path, session).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
    }

    private HttpRequest.Builder request(String path, String session) {
        return anonymous(path).header("Authorization", "Bearer " + session);
    }

    private HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header(RehearsalMark.HEADER, mark);
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
