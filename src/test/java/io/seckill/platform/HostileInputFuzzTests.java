package io.seckill.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.seckill.support.Api;
import io.seckill.support.IntegrationTest;

/**
 * Ten thousand generated hostile requests across every endpoint: broken JSON, wrong types, huge and
 * negative numbers, unknown and duplicate fields, odd paths, forged tokens. None may produce a 5xx or
 * leak a trace, SQL or class name, and none that is refused may change anything.
 */
class HostileInputFuzzTests extends IntegrationTest {

    private static final int REQUESTS = 10_000;

    private static final String[] VALUES = {"null", "true", "-1", "0", "1", "1.5", "-0.0", "1e309",
            "99999999999999999999999", "9223372036854775808", "\"\"", "\"x\"", "\"1\"", "\"-5\"",
            "\"" + "z".repeat(300) + "\"", "\"\\u0000\"", "\"' OR 1=1 --\"", "\"<script>alert(1)</script>\"",
            "[]", "{}", "[1,2]", "{\"a\":{\"b\":{}}}", "\"2026-13-45T99:00:00Z\"", "\"1999.999\"", "\"NaN\""};

    private static final String[] FIELDS = {"username", "password", "captcha", "promoId", "quantity", "token",
            "title", "description", "imageUrl", "price", "stock", "itemId", "promoPrice", "startAt", "endAt",
            "perUserLimit", "paymentMinutes", "prefix", "count", "admin", "id", "__proto__"};

    @Test
    void tenThousandHostileRequestsGetCleanFourHundredsAndChangeNothing() throws Exception {
        long seed = System.nanoTime();
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        var admin = shop.admin();
        var before = snapshot();
        var successes = new ConcurrentHashMap<String, AtomicInteger>();
        var endpoints = endpoints(sale.promoId(), sale.itemId());
        var sessions = new String[] {null, buyer.session(), admin, "forged-" + seed, "Bearer", "../../etc/passwd"};

        List<Future<String>> failures = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < REQUESTS; i++) {
                var random = new Random(seed + i);
                var endpoint = endpoints.get(random.nextInt(endpoints.size()));
                var session = sessions[random.nextInt(sessions.length)];
                var body = hostileBody(random);
                failures.add(pool.submit(() -> {
                    var answer = send(endpoint, session, body);
                    if (answer.status() / 100 == 2) {
                        successes.computeIfAbsent(endpoint.method() + " " + endpoint.template(), k -> new AtomicInteger())
                                .incrementAndGet();
                        return null;
                    }
                    return judge(endpoint, body, answer);
                }));
            }
            var problems = new ArrayList<String>();
            for (var failure : failures) {
                if (failure.get() != null) {
                    problems.add(failure.get());
                }
            }
            assertThat(problems).as("seed " + seed).isEmpty();
        }

        var after = snapshot();
        // a load-test call that got through makes at most one user here: no fuzzed count above 1 is valid
        assertThat(after.get("users") - before.get("users")).as("users made by accepted requests only")
                .isBetween(count(successes, "POST /api/users"),
                        count(successes, "POST /api/users") + count(successes, "POST /api/admin/loadtest/users"));
        assertThat(after.get("items") - before.get("items")).isEqualTo(count(successes, "POST /api/admin/items"));
        assertThat(after.get("promos") - before.get("promos")).isEqualTo(count(successes, "POST /api/admin/promos"));
        assertThat(after.get("orders")).as("no hostile request bought anything").isEqualTo(before.get("orders"));
        assertThat(counter(sale.itemId())).isEqualTo(5);
    }

    private static String judge(Endpoint endpoint, String body, Api.Response answer) {
        var text = answer.body();
        boolean leaks = text.contains("Exception") || text.contains("\tat ") || text.contains("SQL")
                || text.contains("tools.jackson") || text.contains("io.seckill") || text.contains("java.");
        boolean problemJson = answer.header("Content-Type") != null
                && answer.header("Content-Type").startsWith("application/problem+json");
        if (answer.status() >= 500 || leaks || !problemJson) {
            return answer.status() + " for " + endpoint.method() + " " + endpoint.path() + " body " + abbreviate(body)
                    + " -> " + abbreviate(text);
        }
        return null;
    }

    private Api.Response send(Endpoint endpoint, String session, String body) {
        var request = api.request(endpoint.path(), session);
        if (endpoint.method().equals("GET")) {
            return api.send(request.GET());
        }
        if (endpoint.method().equals("DELETE")) {
            return api.send(request.DELETE());
        }
        return api.send(request.header("Content-Type", "application/json")
                .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A JSON-ish body: mostly objects with known and unknown fields holding the wrong values, sometimes plain garbage. */
    private static String hostileBody(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "{\"username\":";
            case 2 -> "[".repeat(2000);
            case 3 -> "{\"a\":1,\"a\":2}";
            case 4 -> new String(randomBytes(random), java.nio.charset.StandardCharsets.ISO_8859_1);
            default -> {
                var object = new StringBuilder("{");
                int fields = random.nextInt(6);
                for (int f = 0; f < fields; f++) {
                    if (f > 0) {
                        object.append(',');
                    }
                    object.append('"').append(FIELDS[random.nextInt(FIELDS.length)]).append("\":")
                            .append(VALUES[random.nextInt(VALUES.length)]);
                }
                yield object.append('}').toString();
            }
        };
    }

    private static byte[] randomBytes(Random random) {
        var bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static List<Endpoint> endpoints(long promoId, long itemId) {
        var list = new ArrayList<Endpoint>();
        for (var method : new String[] {"POST", "PUT", "PATCH"}) {
            for (var path : new String[] {"/api/users", "/api/sessions", "/api/orders", "/api/admin/items",
                    "/api/admin/promos", "/api/admin/loadtest/users", "/api/promos/" + promoId + "/tokens",
                    "/api/promos/abc/tokens", "/api/promos/-1/tokens", "/api/orders/1/payment",
                    "/api/orders/99999999999999999999/cancellation", "/api/admin/promos/" + promoId + "/publish"}) {
                list.add(new Endpoint(method, path.replace(Long.toString(promoId), "{promo}"), path));
            }
        }
        for (var path : new String[] {"/api/items", "/api/items/" + itemId, "/api/items/%00", "/api/items/1e3",
                "/api/orders", "/api/orders/0", "/api/users/me", "/api/promos/" + promoId + "/captcha",
                "/api/admin/promos/" + promoId + "/stats", "/api/admin/consistency", "/api/../../etc/passwd"}) {
            list.add(new Endpoint("GET", path, path));
        }
        list.add(new Endpoint("DELETE", "/api/sessions/current", "/api/sessions/forged"));
        return list;
    }

    private Map<String, Long> snapshot() {
        return Map.of(
                "users", jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single(),
                "items", jdbc.sql("SELECT COUNT(*) FROM item").query(Long.class).single(),
                "promos", jdbc.sql("SELECT COUNT(*) FROM promo").query(Long.class).single(),
                "orders", jdbc.sql("SELECT COUNT(*) FROM orders").query(Long.class).single());
    }

    private static long count(Map<String, AtomicInteger> successes, String key) {
        var n = successes.get(key);
        return n == null ? 0 : n.get();
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    record Endpoint(String method, String template, String path) {
    }
}
