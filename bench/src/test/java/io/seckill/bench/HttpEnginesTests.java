package io.seckill.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Both HTTP engines read the same answers: sized and chunked bodies, headers, problem codes, timeouts. */
class HttpEnginesTests {

    private HttpServer server;
    private String base;

    @BeforeEach
    void server() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/sized", exchange -> answer(exchange, 200, "{\"id\":7,\"name\":\"x\"}", false));
        server.createContext("/chunked", exchange -> answer(exchange, 201, "{\"token\":\"t-" + "a".repeat(20_000) + "\"}", true));
        server.createContext("/problem", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "1");
            answer(exchange, 503, "{\"type\":\"about:blank\",\"status\":503,\"code\":\"BUSY\"}", false);
        });
        server.createContext("/echo", exchange -> answer(exchange, 200,
                exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), false));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "late", false);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "raw"})
    void readsSizedAndChunkedBodiesAndHeaders(String engine) throws Exception {
        try (var http = new Http(base, engine, 1, Duration.ofSeconds(5))) {
            var sized = http.get("/sized", null);
            assertEquals(200, sized.status());
            assertEquals("7", Http.field(sized.body(), "id"));
            assertEquals("200", sized.outcome());
            var chunked = http.post("/chunked", "tok", "{}");
            assertEquals(201, chunked.status());
            assertEquals(20_002, Http.field(chunked.body(), "token").length());
            var problem = http.get("/problem", null);
            assertEquals("BUSY", problem.outcome());
            assertEquals("1", problem.header("Retry-After"));
            assertEquals("POST Bearer abc {\"a\":\"\u00e9\"}", http.post("/echo", "abc", "{\"a\":\"\u00e9\"}").body());
            assertEquals("", http.getDiscarding("/sized", null).body());
            for (int i = 0; i < 50; i++) {
                assertEquals(200, http.get("/sized", null).status());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "raw"})
    void aLateAnswerIsATimeout(String engine) {
        try (var http = new Http(base, engine, 1, Duration.ofMillis(300))) {
            assertThrows(HttpTimeoutException.class, () -> http.get("/slow", null));
        }
    }

    private void answer(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
