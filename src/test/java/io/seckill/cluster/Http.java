package io.seckill.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import io.seckill.support.Api;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP client of one base address. Through nginx it can speak from a chosen loopback address
 * (127.0.0.0/8 is all local on Linux), so that tests can be many clients to nginx's per-address rate
 * limits, or exactly one.
 */
final class Http {

    static {
        // nginx closes a keep-alive connection idle for 30 s, and the JDK client keeps one for 30 s too: a
        // request sent on a connection nginx is closing that moment gets no answer at all ("header parser
        // received no bytes"), and a POST is not retried. The client lets go first, as a well-behaved client
        // does. (Read once, when the first HttpClient is built.)
        System.setProperty("jdk.httpclient.keepalive.timeout", "20");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private final URI base;
    private final HttpClient client;

    Http(URI base, String sourceAddress) {
        this.base = base;
        this.client = CLIENTS.computeIfAbsent(sourceAddress == null ? "" : sourceAddress, Http::client);
    }

    private static HttpClient client(String sourceAddress) {
        // A thousand buyers connect at once on two loaded cores, and a connect can take seconds. With 5 s, one
        // that finished at the deadline was cancelled by the connect timer all the same, which the client
        // reports as "request timed out" for a request nginx never saw. The request timeout (60 s) bounds it all.
        var builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(30));
        if (!sourceAddress.isEmpty()) {
            try {
                builder.localAddress(InetAddress.getByName(sourceAddress));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(sourceAddress, e);
            }
        }
        return builder.build();
    }

    URI base() {
        return base;
    }

    Api.Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    Api.Response post(String path, String token, Object body) {
        var json = body instanceof String text ? text : JSON.writeValueAsString(body);
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Api.Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    HttpRequest.Builder request(String path, String token) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    Api.Response send(HttpRequest.Builder request) {
        try {
            return new Api.Response(client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(request.build().uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
