package io.seckill.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK HttpClient: a few instances, so that one selector thread is not the bottleneck. */
final class JdkEngine implements Http.Engine {

    private final HttpClient[] clients;
    private final AtomicInteger next = new AtomicInteger();
    private final String base;
    private final Duration timeout;

    JdkEngine(String base, int instances, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.clients = new HttpClient[Math.max(1, instances)];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        }
    }

    @Override
    public Http.Answer exchange(String method, String path, String token, String json, boolean discardBody)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        var client = clients[Math.floorMod(next.getAndIncrement(), clients.length)];
        if (discardBody) {
            var response = client.send(builder.build(), HttpResponse.BodyHandlers.discarding());
            return new Http.Answer(response.statusCode(), "", headers(response.headers()));
        }
        var response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Http.Answer(response.statusCode(), response.body(), headers(response.headers()));
    }

    /** The headers of {@link Http#HEADERS} the response had, as the raw engine keeps them. */
    private static Map<String, String> headers(HttpHeaders headers) {
        var map = new HashMap<String, String>();
        for (var name : Http.HEADERS) {
            headers.firstValue(name).ifPresent(value -> map.put(name, value));
        }
        return map;
    }

    @Override
    public void close() {
        for (var client : clients) {
            client.close();
        }
    }
}
