package io.seckill.order.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.seckill.platform.metrics.RejectionTally;
import io.seckill.support.Api;
import io.seckill.support.IntegrationTest;
import io.seckill.support.Shop.Buyer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The order door answers what memory knows before Spring MVC reads the request, and its answers are the
 * controller's: each refusal is asked twice, once as a plain body the door reads and once sent chunked
 * (no length), which the door leaves to the controller.
 */
class OrderDoorTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private RejectionTally tally;

    @Test
    void aSoldOutPromoIsRefusedAtTheDoorAsTheControllerRefusesIt() {
        var sale = shop.openSale(1);
        var buyers = shop.buyers(2);
        assertThat(shop.order(buyers.get(0), sale.promoId(), 1, shop.token(buyers.get(0), sale.promoId())).status())
                .isEqualTo(201);
        var body = order(sale.promoId(), 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> "SOLD_OUT".equals(atTheDoor(buyers.get(1), body).code()));

        assertSameAnswer(buyers.get(1), body, 410, "SOLD_OUT");
        assertSameAnswer(null, body, 410, "SOLD_OUT");
    }

    @Test
    void aPromoNotOpenIsRefusedAtTheDoorAsTheControllerRefusesIt() {
        assertSameAnswer(shop.buyer(), order(987_654_321L, 1), 409, "PROMO_NOT_ACTIVE");
    }

    @Test
    void ordersForPromosThatDoNotExistAreRefusedWithoutATallyOfTheirOwn() {
        var buyer = shop.buyer();
        for (long madeUp = 987_000_001L; madeUp <= 987_000_020L; madeUp++) {
            assertThat(shop.order(buyer, madeUp, 1, "t").code()).isEqualTo("PROMO_NOT_ACTIVE");
        }

        tally.flush();
        assertThat(redis.keys("promo:98700*:rejections")).isEmpty();
    }

    @Test
    void aPromoNotYetOpenStillCountsWhatItRefused() {
        long promoId = shop.createPromo(shop.createItem(10), Instant.now().plus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofHours(2)), 1);
        shop.publish(promoId);

        assertThat(shop.order(shop.buyer(), promoId, 1, "t").code()).isEqualTo("PROMO_NOT_ACTIVE");

        tally.flush();
        assertThat(tally.totals(promoId)).containsEntry("PROMO_NOT_ACTIVE", 1L);
    }

    @Test
    void moreThanTheLimitIsRefusedAtTheDoorAsTheControllerRefusesIt() {
        var sale = shop.openSale(10, 2);
        assertSameAnswer(shop.buyer(), order(sale.promoId(), 3), 400, "VALIDATION_FAILED");
    }

    @Test
    void anOrderTheDoorCannotRefuseGoesThroughWithItsBody() {
        var sale = shop.openSale(10);
        var buyer = shop.buyer();
        var token = shop.token(buyer, sale.promoId());

        var placed = api.post("/api/orders", buyer.session(),
                "{\"promoId\":" + sale.promoId() + ",\"quantity\":1,\"token\":\"" + token + "\"}");

        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        assertThat(placed.json().get("promoId").asLong()).isEqualTo(sale.promoId());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"promoId\":1,\"promoId\":2,\"quantity\":1,\"token\":\"t\"}",
        "{\"promoId\":\"1\",\"quantity\":1,\"token\":\"t\"}",
        "{\"promoId\":1,\"quantity\":1.5,\"token\":\"t\"}",
        "{\"promoId\":1,\"quantity\":1,\"token\":5}",
        "{\"promoId\":1,\"quantity\":1,\"token\":\"t\",\"extra\":true}",
        "{\"promoId\":1,\"quantity\":1,\"token\":\"t\"} {}",
        "{\"promoId\":1,\"quantity\":0,\"token\":\"t\"}",
        "{\"promoId\":-1,\"quantity\":1,\"token\":\"t\"}",
        "{\"promoId\":1,\"quantity\":101,\"token\":\"t\"}",
        "{\"promoId\":99999999999999999999,\"quantity\":1,\"token\":\"t\"}",
        "{\"quantity\":1,\"token\":\"t\"}",
        "[1,1]",
        "{\"promoId\":1,"})
    void aBodyThatIsNotPlainIsLeftToTheController(String body) {
        assertThat(OrderDoor.PlainOrder.read(JSON, body.getBytes(StandardCharsets.UTF_8))).isNull();
        var answer = api.post("/api/orders", shop.buyer().session(), body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.code()).isIn("VALIDATION_FAILED", "MALFORMED_REQUEST");
    }

    @Test
    void aPlainBodyIsReadWithANullTokenOrNone() {
        assertThat(OrderDoor.PlainOrder.read(JSON, bytes("{\"token\":null,\"quantity\":2,\"promoId\":7}")))
                .isEqualTo(new OrderDoor.PlainOrder(7, 2));
        assertThat(OrderDoor.PlainOrder.read(JSON, bytes(" {\"promoId\": 7, \"quantity\": 1} ")))
                .isEqualTo(new OrderDoor.PlainOrder(7, 1));
    }

    private void assertSameAnswer(Buyer buyer, String body, int status, String code) {
        var door = atTheDoor(buyer, body);
        var controller = atTheController(buyer, body);
        assertThat(door.status()).as(door.toString()).isEqualTo(status);
        assertThat(door.code()).isEqualTo(code);
        assertThat(door.status()).isEqualTo(controller.status());
        assertThat(door.header("Content-Type")).isEqualTo(controller.header("Content-Type"));
        assertThat(withoutRequestId(door)).as("the body").isEqualTo(withoutRequestId(controller));
        assertThat(door.json().get("requestId").asString()).isEqualTo(door.header("X-Request-Id"));
    }

    /** Each answer names its own request; everything else must be the same. */
    private static JsonNode withoutRequestId(Api.Response answer) {
        var body = (ObjectNode) answer.json();
        body.remove("requestId");
        return body;
    }

    private Api.Response atTheDoor(Buyer buyer, String body) {
        return api.post("/api/orders", buyer == null ? null : buyer.session(), body);
    }

    /** Sent as a stream of unknown length (chunked), which the door does not read. */
    private Api.Response atTheController(Buyer buyer, String body) {
        var request = api.request("/api/orders", buyer == null ? null : buyer.session())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes(body))));
        return api.send(request);
    }

    private static String order(long promoId, int quantity) {
        return "{\"promoId\":" + promoId + ",\"quantity\":" + quantity + ",\"token\":\"not-a-token\"}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
