package io.seckill.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.seckill.stock.StockPools;
import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.IntegrationTest;

/** Captcha -> token -> order, one buyer at a time: every answer of the contract. */
@AlsoOnRedisCluster
class BuyingApiTests extends IntegrationTest {

    @Test
    void aBuyerSolvesTheCaptchaGetsATokenAndOrders() {
        var sale = shop.openSale(10, 2);
        var buyer = shop.buyer();

        var captcha = api.get("/api/promos/" + sale.promoId() + "/captcha", buyer.session());
        assertThat(captcha.status()).isEqualTo(200);
        assertThat(captcha.header("Content-Type")).isEqualTo("image/png");
        assertThat(captcha.raw().body()).startsWith(0x89, 'P', 'N', 'G');
        var token = shop.requestToken(buyer, sale.promoId(), captcha.header("X-Captcha-Answer"));
        assertThat(token.status()).isEqualTo(201);
        assertThat(token.json().get("expiresAt").asString()).endsWith("Z");

        var order = shop.order(buyer, sale.promoId(), 2, token.json().get("token").asString());

        assertThat(order.status()).isEqualTo(201);
        var json = order.json();
        long id = json.get("id").asLong();
        assertThat(order.header("Location")).isEqualTo("/api/orders/" + id);
        assertThat(json.get("userId").asLong()).isEqualTo(buyer.id());
        assertThat(json.get("itemId").asLong()).isEqualTo(sale.itemId());
        assertThat(json.get("quantity").asInt()).isEqualTo(2);
        assertThat(json.get("unitPrice").asString()).isEqualTo("9.90");
        assertThat(json.get("total").asString()).isEqualTo("19.80");
        assertThat(json.get("status").asString()).isEqualTo("UNPAID");
        assertThat(Instant.parse(json.get("payBy").asString()))
                .isEqualTo(Instant.parse(json.get("createdAt").asString()).plus(Duration.ofMinutes(15)));
        assertThat(api.get("/api/orders/" + id, buyer.session()).json().get("id").asLong()).isEqualTo(id);
        assertThat(shop.item(sale.itemId()).json().get("stock").asLong()).isEqualTo(8);
    }

    @Test
    void aPromoThatIsNotOpenRefusesEveryStep() {
        long itemId = shop.createItem(5);
        var later = Instant.now().plus(Duration.ofHours(3));
        long upcoming = shop.createPromo(itemId, later, later.plus(Duration.ofHours(1)), 1);
        shop.publish(upcoming);
        long unpublished = shop.createPromo(shop.createItem(5), Instant.now().minusSeconds(5),
                Instant.now().plus(Duration.ofHours(1)), 1);
        var buyer = shop.buyer();

        for (long promoId : new long[] {upcoming, unpublished}) {
            var captcha = api.get("/api/promos/" + promoId + "/captcha", buyer.session());
            assertThat(captcha.status()).isEqualTo(409);
            assertThat(captcha.code()).isEqualTo("PROMO_NOT_ACTIVE");
            assertThat(shop.requestToken(buyer, promoId, "ABCDE").code()).isEqualTo("PROMO_NOT_ACTIVE");
            assertThat(shop.order(buyer, promoId, 1, "whatever").code()).isEqualTo("PROMO_NOT_ACTIVE");
        }
    }

    @Test
    void aCaptchaAllowsOneGuessOnly() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();

        var answer = shop.captcha(buyer, sale.promoId());
        var wrong = shop.requestToken(buyer, sale.promoId(), answer.equals("AAAAA") ? "BBBBB" : "AAAAA");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.code()).isEqualTo("CAPTCHA_WRONG");
        assertThat(shop.requestToken(buyer, sale.promoId(), answer).code())
                .as("a wrong guess used the captcha up").isEqualTo("CAPTCHA_WRONG");

        var fresh = shop.captcha(buyer, sale.promoId());
        assertThat(shop.requestToken(buyer, sale.promoId(), " " + fresh.toLowerCase(java.util.Locale.ROOT) + " ").status())
                .as("the answer is read without regard to case or surrounding blanks").isEqualTo(201);
        assertThat(shop.requestToken(buyer, sale.promoId(), fresh).code()).as("a right answer is used up too")
                .isEqualTo("CAPTCHA_WRONG");
    }

    @Test
    void askingForANewCaptchaReplacesTheOldOne() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        var first = shop.captcha(buyer, sale.promoId());
        var second = shop.captcha(buyer, sale.promoId());
        if (!first.equals(second)) {
            assertThat(shop.requestToken(buyer, sale.promoId(), first).code()).isEqualTo("CAPTCHA_WRONG");
        }
        var third = shop.captcha(buyer, sale.promoId());
        assertThat(shop.requestToken(buyer, sale.promoId(), third).status()).isEqualTo(201);
    }

    @Test
    void aTokenWorksOnceForItsOwnBuyerAndPromoOnly() {
        var sale = shop.openSale(10);
        var other = shop.openSale(10);
        var buyers = shop.buyers(2);
        var owner = buyers.get(0);
        var stranger = buyers.get(1);

        var token = shop.token(owner, sale.promoId());
        var byStranger = shop.order(stranger, sale.promoId(), 1, token);
        assertThat(byStranger.status()).isEqualTo(403);
        assertThat(byStranger.code()).isEqualTo("TOKEN_INVALID");
        assertThat(shop.order(owner, sale.promoId(), 1, token).code())
                .as("the stranger's attempt used the token up").isEqualTo("TOKEN_INVALID");

        var forSale = shop.token(owner, sale.promoId());
        assertThat(shop.order(owner, other.promoId(), 1, forSale).code()).isEqualTo("TOKEN_INVALID");

        var good = shop.token(owner, sale.promoId());
        assertThat(shop.order(owner, sale.promoId(), 1, good).status()).isEqualTo(201);
        assertThat(shop.order(owner, sale.promoId(), 1, good).code()).isEqualTo("TOKEN_INVALID");

        assertThat(shop.order(stranger, sale.promoId(), 1, "made-up-token").code()).isEqualTo("TOKEN_INVALID");
        assertThat(api.post("/api/orders", stranger.session(), Map.of("promoId", sale.promoId(), "quantity", 1)).code())
                .as("no token at all").isEqualTo("TOKEN_INVALID");
    }

    @Test
    void aLoggedOutBuyerCannotUseTheSessionOrTheGate() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        var token = shop.token(buyer, sale.promoId());
        api.delete("/api/sessions/current", buyer.session());

        assertThat(api.get("/api/promos/" + sale.promoId() + "/captcha", buyer.session()).code()).isEqualTo("UNAUTHENTICATED");
        assertThat(shop.order(buyer, sale.promoId(), 1, token).status()).isEqualTo(401);
    }

    @Test
    void aBuyerWithALiveOrderIsToldWhichOrder() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        var first = shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId()));
        long orderId = first.json().get("id").asLong();

        var tokenAgain = shop.requestToken(buyer, sale.promoId(), shop.captcha(buyer, sale.promoId()));
        assertThat(tokenAgain.status()).isEqualTo(409);
        assertThat(tokenAgain.code()).isEqualTo("ALREADY_PURCHASED");
        assertThat(tokenAgain.json().get("orderId").asLong()).isEqualTo(orderId);
    }

    @Test
    void quantityMustBeWithinThePerUserLimit() {
        var sale = shop.openSale(10, 2);
        var buyer = shop.buyer();
        var token = shop.token(buyer, sale.promoId());
        for (int quantity : new int[] {0, -1, 3}) {
            var order = shop.order(buyer, sale.promoId(), quantity, token);
            assertThat(order.status()).isEqualTo(400);
            assertThat(order.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(order.json().get("errors").get(0).get("field").asString()).isEqualTo("quantity");
        }
        assertThat(shop.order(buyer, sale.promoId(), 2, token).status()).as("the token was not used up").isEqualTo(201);
    }

    @Test
    void aSoldOutSaleSaysSoAtEveryStep() {
        var sale = shop.openSale(1);
        var buyers = shop.buyers(3);
        var late = shop.token(buyers.get(1), sale.promoId());
        assertThat(shop.order(buyers.get(0), sale.promoId(), 1, shop.token(buyers.get(0), sale.promoId())).status())
                .isEqualTo(201);

        var order = shop.order(buyers.get(1), sale.promoId(), 1, late);
        assertThat(order.status()).isEqualTo(410);
        assertThat(order.code()).isEqualTo("SOLD_OUT");
        var answer = shop.captcha(buyers.get(2), sale.promoId());
        assertThat(shop.requestToken(buyers.get(2), sale.promoId(), answer.equals("AAAAA") ? "BBBBB" : "AAAAA").code())
                .as("the captcha is checked before the stock").isEqualTo("CAPTCHA_WRONG");
        var token = shop.requestToken(buyers.get(2), sale.promoId(), shop.captcha(buyers.get(2), sale.promoId()));
        assertThat(token.status()).isEqualTo(410);
        assertThat(token.code()).isEqualTo("SOLD_OUT");
        assertThat(shop.item(sale.itemId()).json().get("stock").asLong()).isZero();
    }

    @Test
    void twoPromosOfOneItemSellFromItsOneStockPool() {
        long itemId = shop.createItem(3);
        var now = Instant.now();
        long first = shop.createPromo(itemId, now.minusSeconds(1), now.plusSeconds(4), 3);
        shop.publish(first);
        var buyers = shop.buyers(2);
        assertThat(shop.order(buyers.get(0), first, 3, shop.token(buyers.get(0), first)).status()).isEqualTo(201);
        long second = shop.createPromo(itemId, now.plusSeconds(4), now.plus(Duration.ofHours(1)), 1);
        shop.publish(second);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                "ACTIVE".equals(shop.item(itemId).json().get("promo").get("status").asString())
                        && shop.item(itemId).json().get("promo").get("id").asLong() == second);
        var captcha = api.get("/api/promos/" + second + "/captcha", buyers.get(1).session());
        var token = shop.requestToken(buyers.get(1), second, captcha.header("X-Captcha-Answer"));

        assertThat(token.code()).as("the second promo has nothing left to sell").isEqualTo("SOLD_OUT");
        assertThat(shop.item(itemId).json().get("stock").asLong()).isZero();
    }

    @Test
    void theGateClosesAfterFactorTimesStockTokens() {
        var sale = shop.openSale(1);
        // the gate of 10 tokens (factor 10 x 1 unit) is shared by the item's buckets: buyers of one bucket
        // meet its part of it
        int home = pools.home(sale.itemId(), shop.buyer().id());
        long gate = StockPools.share(10, pools.buckets(sale.itemId()), home);
        var buyers = shop.buyers(60).stream().filter(buyer -> pools.home(sale.itemId(), buyer.id()) == home)
                .limit(gate + 1).toList();
        for (int i = 0; i < gate; i++) {
            shop.token(buyers.get(i), sale.promoId());
        }
        var last = buyers.get((int) gate);
        var oneTooMany = shop.requestToken(last, sale.promoId(), shop.captcha(last, sale.promoId()));
        assertThat(oneTooMany.status()).isEqualTo(429);
        assertThat(oneTooMany.code()).isEqualTo("TOKENS_EXHAUSTED");
    }

    @Test
    void buyersSeeOnlyTheirOwnOrdersNewestFirstAndCanPayThem() {
        var first = shop.openSale(5);
        var second = shop.openSale(5);
        var buyers = shop.buyers(2);
        var buyer = buyers.get(0);
        long older = shop.order(buyer, first.promoId(), 1, shop.token(buyer, first.promoId())).json().get("id").asLong();
        long newer = shop.order(buyer, second.promoId(), 1, shop.token(buyer, second.promoId())).json().get("id").asLong();

        var mine = api.get("/api/orders", buyer.session()).json();
        assertThat(mine.size()).isEqualTo(2);
        assertThat(mine.get(0).get("id").asLong()).isEqualTo(newer);
        assertThat(mine.get(1).get("id").asLong()).isEqualTo(older);

        var stranger = buyers.get(1);
        assertThat(api.get("/api/orders/" + older, stranger.session()).code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/orders", stranger.session()).json().size()).isZero();
        assertThat(api.post("/api/orders/" + older + "/payment", stranger.session(), "").status()).isEqualTo(404);

        var paid = api.post("/api/orders/" + older + "/payment", buyer.session(), "");
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.json().get("status").asString()).isEqualTo("PAID");
        var again = api.post("/api/orders/" + older + "/payment", buyer.session(), "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ORDER_NOT_PAYABLE");
    }

    @Test
    void theDashboardCountsTheSale() {
        var sale = shop.openSale(3);
        var buyers = shop.buyers(2);
        shop.order(buyers.get(0), sale.promoId(), 1, shop.token(buyers.get(0), sale.promoId()));
        assertThat(shop.order(buyers.get(1), sale.promoId(), 1, "bogus").code()).isEqualTo("TOKEN_INVALID");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var stats = api.get("/api/admin/promos/" + sale.promoId() + "/stats", shop.admin()).json();
            assertThat(stats.get("initialStock").asInt()).isEqualTo(3);
            assertThat(stats.get("remaining").asInt()).isEqualTo(2);
            assertThat(stats.get("sold").asInt()).isEqualTo(1);
            assertThat(stats.get("ordersUnpaid").asInt()).isEqualTo(1);
            assertThat(stats.get("ordersPaid").asInt()).isZero();
            assertThat(stats.get("ordersCancelled").asInt()).isZero();
            assertThat(stats.get("tokensIssued").asInt()).isEqualTo(1);
            assertThat(stats.get("rejected").path("TOKEN_INVALID").asInt()).isEqualTo(1);
            // the buying steps' last seconds on every node (other tests' requests count too): both orders in them
            var orderSeconds = stats.get("steps").get("order");
            long orders = 0;
            for (var second : orderSeconds) {
                orders += second.get("requests").asLong();
                assertThat(second.get("p99Millis").asDouble()).isGreaterThanOrEqualTo(second.get("p50Millis").asDouble())
                        .isPositive();
            }
            assertThat(orders).isGreaterThanOrEqualTo(2);
            assertThat(stats.get("steps").get("captcha").size()).isPositive();
            assertThat(stats.get("steps").get("token").size()).isPositive();
        });
    }
}
