package io.seckill.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.seckill.support.Api;

/**
 * The shop's fixtures spoken through nginx: the admin sets up sales, buyers come from the load-test
 * helper (the cluster-test profile turns it on), each buyer speaks from its own loopback address.
 */
final class ClusterShop {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Buyers are spread over this many client addresses, 127.0.1.1 ... (nginx limits per address). */
    static final int CLIENT_ADDRESSES = 100;
    /** The load-test helper gives its users this password followed by the prefix. */
    private static final String LOAD_TEST_PASSWORD_PREFIX = "loadtest-";
    /** How long a buyer keeps asking for a token while it is turned away with shed answers. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final Cluster cluster;
    private final Http edge;
    private String adminToken;

    ClusterShop(Cluster cluster) {
        this.cluster = cluster;
        this.edge = cluster.edge();
    }

    String admin() {
        if (adminToken == null) {
            var login = edge.post("/api/sessions", null, Map.of("username", "admin", "password", cluster.adminPassword()));
            assertThat(login.status()).as(login.toString()).isEqualTo(201);
            adminToken = login.json().get("token").asString();
        }
        return adminToken;
    }

    long createItem(String title, int stock) {
        var created = edge.post("/api/admin/items", admin(), Map.of("title", title, "description",
                "An item of the cluster tests <b>not bold</b>", "imageUrl", "/img/x.png", "price", "100.00", "stock", stock));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    long createPromo(long itemId, Instant startAt, Instant endAt, int perUserLimit) {
        var created = edge.post("/api/admin/promos", admin(), Map.of("itemId", itemId, "title", "Sale " + unique(),
                "promoPrice", "9.90", "startAt", startAt.toString(), "endAt", endAt.toString(),
                "perUserLimit", perUserLimit, "paymentMinutes", 15));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    void publish(long promoId) {
        var published = edge.post("/api/admin/promos/" + promoId + "/publish", admin(), "");
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
    }

    /** An item with {@code stock} units and a published promo, open now, one unit per buyer. */
    Sale openSale(String title, int stock) {
        long itemId = createItem(title, stock);
        long promoId = createPromo(itemId, Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofHours(1)), 1);
        publish(promoId);
        return new Sale(itemId, promoId, stock);
    }

    List<Buyer> buyers(int count) {
        var prefix = "c" + unique() + "x";
        var created = edge.post("/api/admin/loadtest/users", admin(), Map.of("prefix", prefix, "count", count));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var buyers = new ArrayList<Buyer>(count);
        created.json().forEach(node -> {
            int index = buyers.size();
            buyers.add(new Buyer(node.get("id").asLong(), node.get("token").asString(),
                    cluster.edgeFrom("127.0.1." + (1 + index % CLIENT_ADDRESSES)), node.get("username").asString(),
                    LOAD_TEST_PASSWORD_PREFIX + prefix));
        });
        return buyers;
    }

    /** A promo token: captcha (its answer in the load-test header), then the token, retried past 429s and BUSY. */
    String token(Buyer buyer, long promoId) {
        return tokenOrGateClosed(buyer, promoId)
                .orElseThrow(() -> new AssertionError("the gate closed before buyer " + buyer.id() + " got a token"));
    }

    /**
     * {@link #token}, or nothing when the gate (of the buyer's bucket) has issued its last token. Shed
     * answers (429 RATE_LIMITED, 503 BUSY) and nginx's UNAVAILABLE (502/504: no node answered in time)
     * are waited out with a growing pause, as a well-behaved client does, for as long as {@link #PATIENCE}:
     * on a loaded machine a cold node sheds for many seconds, and a count of attempts once ran out while
     * the node was still warming up. Neither step places an order, so both may be asked again; a token
     * a timed-out node did issue is one the gate counted and nobody uses.
     */
    Optional<String> tokenOrGateClosed(Buyer buyer, long promoId) {
        var deadline = System.nanoTime() + PATIENCE.toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            var captcha = buyer.edge().get("/api/promos/" + promoId + "/captcha", buyer.session());
            if (isWorthRetrying(captcha)) {
                backOff(attempt);
                continue;
            }
            assertThat(captcha.status()).as(captcha.toString()).isEqualTo(200);
            var token = buyer.edge().post("/api/promos/" + promoId + "/tokens", buyer.session(),
                    Map.of("captcha", captcha.header("X-Captcha-Answer")));
            if (isWorthRetrying(token)) {
                backOff(attempt);
                continue;
            }
            if (token.status() == 429 && "TOKENS_EXHAUSTED".equals(token.code())) {
                return Optional.empty();
            }
            assertThat(token.status()).as(token.toString()).isEqualTo(201);
            return Optional.of(token.json().get("token").asString());
        }
        throw new AssertionError("no token for buyer " + buyer.id() + " in " + PATIENCE.toSeconds() + " s of shed answers");
    }

    /** Shed (RATE_LIMITED, BUSY) or not answered in time by any node (nginx's UNAVAILABLE). */
    private static boolean isWorthRetrying(Api.Response answer) {
        return answer.status() == 429 && "RATE_LIMITED".equals(answer.code())
                || answer.status() == 503 && "BUSY".equals(answer.code())
                || (answer.status() == 502 || answer.status() == 504) && "UNAVAILABLE".equals(answer.code());
    }

    Api.Response order(Buyer buyer, long promoId, String token) {
        return buyer.edge().post("/api/orders", buyer.session(), Map.of("promoId", promoId, "quantity", 1, "token", token));
    }

    /**
     * A well-behaved client: on RATE_LIMITED (nginx's or a node's) or BUSY it waits a moment and retries
     * with the same token, which neither consumed.
     */
    Api.Response orderUntilAnswered(Buyer buyer, long promoId, String token) {
        for (int attempt = 0; ; attempt++) {
            var answer = order(buyer, promoId, token);
            if (answer.status() != 503 && answer.status() != 429 || attempt > 300) {
                return answer;
            }
            pause();
        }
    }

    /** Between 50 ms and 1 s, longer the more often the buyer was turned away, never all at once. */
    static void backOff(int attempt) {
        sleep(Math.min(1_000, 50L << Math.min(attempt, 5)) / 2 + (long) (Math.random() * 200));
    }

    /** Between 50 and 250 ms: the caller retries soon, but not all at once. */
    static void pause() {
        sleep(50 + (long) (Math.random() * 200));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String unique() {
        return Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQUENCE.incrementAndGet();
    }

    record Sale(long itemId, long promoId, int stock) {
    }

    /** {@code password} logs the buyer in again, e.g. after Redis lost every session. */
    record Buyer(long id, String session, Http edge, String username, String password) {
    }
}
