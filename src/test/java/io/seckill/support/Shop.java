package io.seckill.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixtures spoken in the shop's own terms: an admin sets up a sale, buyers get tokens and order.
 * Everything goes through the public HTTP API.
 */
public final class Shop {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Api api;
    private String adminToken;

    public Shop(Api api) {
        this.api = api;
    }

    public Api api() {
        return api;
    }

    public String admin() {
        if (adminToken == null) {
            var login = api.post("/api/sessions", null, Map.of("username", "admin", "password", "test-admin-password"));
            assertThat(login.status()).as(login.toString()).isEqualTo(201);
            adminToken = login.json().get("token").asString();
        }
        return adminToken;
    }

    public long createItem(int stock) {
        var created = api.post("/api/admin/items", admin(), Map.of("title", "Item " + unique(), "description",
                "a test item", "imageUrl", "/img/x.png", "price", "100.00", "stock", stock));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    public long createPromo(long itemId, Instant startAt, Instant endAt, int perUserLimit) {
        var created = api.post("/api/admin/promos", admin(), Map.of("itemId", itemId, "title", "Sale " + unique(),
                "promoPrice", "9.90", "startAt", startAt.toString(), "endAt", endAt.toString(),
                "perUserLimit", perUserLimit, "paymentMinutes", 15));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    public void publish(long promoId) {
        var published = api.post("/api/admin/promos/" + promoId + "/publish", admin(), "");
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
    }

    /** An item with {@code stock} units and a published promo that is open now. */
    public Sale openSale(int stock, int perUserLimit) {
        long itemId = createItem(stock);
        long promoId = createPromo(itemId, Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofHours(1)),
                perUserLimit);
        publish(promoId);
        return new Sale(itemId, promoId);
    }

    public Sale openSale(int stock) {
        return openSale(stock, 1);
    }

    /** Buyers with live sessions, made by the load-test helper. */
    public List<Buyer> buyers(int count) {
        var created = api.post("/api/admin/loadtest/users", admin(), Map.of("prefix", "b" + unique() + "x", "count", count));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var buyers = new ArrayList<Buyer>(count);
        created.json().forEach(node -> buyers.add(new Buyer(node.get("id").asLong(), node.get("username").asString(),
                node.get("token").asString())));
        return buyers;
    }

    public Buyer buyer() {
        return buyers(1).getFirst();
    }

    /** The captcha answer, as the load-test mode reveals it in a header. */
    public String captcha(Buyer buyer, long promoId) {
        var captcha = politely(() -> api.get("/api/promos/" + promoId + "/captcha", buyer.session()));
        assertThat(captcha.status()).as(captcha.toString()).isEqualTo(200);
        return captcha.header("X-Captcha-Answer");
    }

    public Api.Response requestToken(Buyer buyer, long promoId, String answer) {
        return politely(() -> api.post("/api/promos/" + promoId + "/tokens", buyer.session(), Map.of("captcha", answer)));
    }

    /** A well-behaved client: told RATE_LIMITED or BUSY, it waits as long as Retry-After says and asks again. */
    public static Api.Response politely(java.util.function.Supplier<Api.Response> call) {
        for (int attempt = 0; ; attempt++) {
            var answer = call.get();
            boolean later = answer.status() == 429 && "RATE_LIMITED".equals(answer.code())
                    || answer.status() == 503 && "BUSY".equals(answer.code());
            if (!later || attempt == 20) {
                return answer;
            }
            try {
                Thread.sleep(Long.parseLong(answer.header("Retry-After")) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }

    public String token(Buyer buyer, long promoId) {
        var token = requestToken(buyer, promoId, captcha(buyer, promoId));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        return token.json().get("token").asString();
    }

    /** {@link #token}, or nothing when the gate (of the buyer's bucket) has issued its last token. */
    public Optional<String> tokenOrGateClosed(Buyer buyer, long promoId) {
        var token = requestToken(buyer, promoId, captcha(buyer, promoId));
        if (token.status() == 201) {
            return Optional.of(token.json().get("token").asString());
        }
        assertThat(token.code()).as(token.toString()).isEqualTo("TOKENS_EXHAUSTED");
        return Optional.empty();
    }

    public Api.Response order(Buyer buyer, long promoId, int quantity, String token) {
        return api.post("/api/orders", buyer.session(), Map.of("promoId", promoId, "quantity", quantity, "token", token));
    }

    /** A well-behaved client: on BUSY or RATE_LIMITED it waits a moment and retries with the same token. */
    public Api.Response orderUntilAnswered(Buyer buyer, long promoId, String token) {
        for (int attempt = 0; ; attempt++) {
            var answer = order(buyer, promoId, 1, token);
            if (answer.status() != 503 && answer.status() != 429 || attempt > 500) {
                return answer;
            }
            try {
                Thread.sleep(10 + (long) (Math.random() * 40));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }

    public Api.Response item(long itemId) {
        return api.get("/api/items/" + itemId, null);
    }

    public static String unique() {
        return Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQUENCE.incrementAndGet();
    }

    public record Sale(long itemId, long promoId) {
    }

    public record Buyer(long id, String username, String session) {
    }
}
