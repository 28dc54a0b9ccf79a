package io.seckill.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sets up a sale through the API as an admin: an item with S units, U buyers with sessions, a published promo. */
final class SalePreparation {

    /** A buyer with a live session. */
    record Buyer(long id, String username, String token) {
    }

    /** What the run sells, and to whom. */
    record Sale(long itemId, long promoId, Instant startAt, long serverClockOffsetMillis, List<Buyer> buyers) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int USERS_PER_CALL = 10_000;

    private final Http http;
    private final Settings settings;
    private String adminToken;

    SalePreparation(Http http, Settings settings) {
        this.http = http;
        this.settings = settings;
    }

    void login() throws IOException, InterruptedException {
        var login = expect(http.post("/api/sessions", null, json(Map.of("username", settings.text("admin-user"),
                "password", settings.text("admin-password")))), 201, "admin login (check --admin-user/--admin-password)");
        adminToken = login.get("token").asString();
    }

    /** An item with S units. Its promo comes later ({@link #open}), so that it starts on time. */
    long item(String title) throws IOException, InterruptedException {
        var item = new LinkedHashMap<String, Object>();
        item.put("title", title);
        item.put("description", "Created by the load generator");
        item.put("imageUrl", "");
        item.put("price", "100.00");
        item.put("stock", settings.stock());
        return expect(http.post("/api/admin/items", adminToken, json(item)), 201, "create item").get("id").asLong();
    }

    List<Buyer> buyers(String prefix, int count) throws IOException, InterruptedException {
        var buyers = new ArrayList<Buyer>(count);
        for (int from = 0; from < count; from += USERS_PER_CALL) {
            int n = Math.min(USERS_PER_CALL, count - from);
            var created = expect(http.post("/api/admin/loadtest/users", adminToken, json(Map.of("prefix",
                    prefix + (from / USERS_PER_CALL) + "_", "count", n))), 201,
                    "create buyers (the application must run with seckill.loadtest.enabled=true)");
            for (var user : created) {
                buyers.add(new Buyer(user.get("id").asLong(), user.get("username").asString(), user.get("token").asString()));
            }
        }
        return buyers;
    }

    /** Creates and publishes a promo of the item that starts {@code --start-lead} seconds from the server's now. */
    Sale open(long itemId, List<Buyer> buyers) throws IOException, InterruptedException {
        var probe = http.get("/api/items/" + itemId, null);
        var serverTime = probe.header("X-Server-Time");
        long offset = serverTime == null ? 0 : Long.parseLong(serverTime) - System.currentTimeMillis();
        var startAt = Instant.ofEpochMilli(System.currentTimeMillis() + offset).plus(settings.seconds("start-lead"))
                .truncatedTo(ChronoUnit.MILLIS);
        var promo = new LinkedHashMap<String, Object>();
        promo.put("itemId", itemId);
        promo.put("title", "Bench sale of item " + itemId);
        promo.put("promoPrice", "1.00");
        promo.put("startAt", startAt.toString());
        promo.put("endAt", startAt.plus(Duration.ofHours(2)).toString());
        promo.put("perUserLimit", settings.integer("per-user-limit"));
        promo.put("paymentMinutes", 120);
        long promoId = expect(http.post("/api/admin/promos", adminToken, json(promo)), 201, "create promo").get("id").asLong();
        expect(http.post("/api/admin/promos/" + promoId + "/publish", adminToken, "{}"), 200, "publish promo");
        return new Sale(itemId, promoId, startAt, offset, buyers);
    }

    /**
     * Waits (at most {@code --settle} seconds) until the server's stock of captcha pictures drawn ahead has
     * filled up after the node's own rehearsal, the bench's buyers and rehearsals, as a sale published ahead of
     * its start would find it: it has 1.2 x S pictures, or has not grown for three looks in a row (full).
     * Returns the pictures ready, or -1 if the server does not tell.
     */
    long settle() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settings.seconds("settle").toNanos();
        long wanted = Math.round(settings.stock() * 1.2);
        long before = -1;
        int unchanged = 0;
        while (true) {
            long ready = captchasReady();
            unchanged = ready == before ? unchanged + 1 : 0;
            if (ready < 0 || ready >= wanted || unchanged >= 3 || System.nanoTime() >= deadline) {
                return ready;
            }
            before = ready;
            Thread.sleep(2000);
        }
    }

    private long captchasReady() throws IOException, InterruptedException {
        var metrics = http.get("/actuator/prometheus", null);
        if (metrics.status() != 200) {
            return -1;
        }
        for (var line : metrics.body().split("\n")) {
            if (line.startsWith("seckill_captcha_ready ")) {
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        return -1;
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private static JsonNode expect(Http.Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw new IllegalStateException(what + " failed: HTTP " + answer.status() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }
}
