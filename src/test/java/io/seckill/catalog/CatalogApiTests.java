package io.seckill.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.seckill.support.IntegrationTest;

/** The read path and the admin side of items and promos. */
class CatalogApiTests extends IntegrationTest {

    @Test
    void anAdminCreatesAnItemThatAnyoneCanRead() {
        var created = api.post("/api/admin/items", shop.admin(), Map.of("title", "Phone", "description", "fast",
                "imageUrl", "/img/p.png", "price", "1999.00", "stock", 25));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/items/" + id);

        var item = shop.item(id);
        assertThat(item.status()).isEqualTo(200);
        assertThat(item.header("X-Server-Time")).isNotNull();
        assertThat(Long.parseLong(item.header("X-Server-Time"))).isCloseTo(System.currentTimeMillis(),
                org.assertj.core.data.Offset.offset(60_000L));
        var json = item.json();
        assertThat(json.get("title").asString()).isEqualTo("Phone");
        assertThat(json.get("price").asString()).isEqualTo("1999.00");
        assertThat(json.get("stock").asLong()).isEqualTo(25);
        assertThat(json.get("sales").asLong()).isZero();
        assertThat(json.get("promo").isNull()).isTrue();
    }

    @Test
    void theItemListIsOrderedById() {
        long first = shop.createItem(1);
        long second = shop.createItem(1);
        var items = api.get("/api/items", null);
        assertThat(items.status()).isEqualTo(200);
        assertThat(items.header("X-Server-Time")).isNotNull();
        var ids = new java.util.ArrayList<Long>();
        items.json().forEach(node -> ids.add(node.get("id").asLong()));
        assertThat(ids).isSorted().contains(first, second);
    }

    @Test
    void anUnknownItemIsNotFound() {
        var missing = shop.item(987_654_321L);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("NOT_FOUND");
        assertThat(shop.item(-1).status()).isEqualTo(404);
        assertThat(api.get("/api/items/abc", null).status()).isEqualTo(404);
    }

    @Test
    void aPublishedPromoShowsOnItsItemWithItsStatus() {
        long itemId = shop.createItem(5);
        var start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long promoId = shop.createPromo(itemId, start, start.plus(Duration.ofHours(1)), 2);
        assertThat(shop.item(itemId).json().get("promo").isNull()).as("not published yet").isTrue();

        shop.publish(promoId);
        shop.publish(promoId);

        var promo = shop.item(itemId).json().get("promo");
        assertThat(promo.get("id").asLong()).isEqualTo(promoId);
        assertThat(promo.get("status").asString()).isEqualTo("UPCOMING");
        assertThat(promo.get("promoPrice").asString()).isEqualTo("9.90");
        assertThat(promo.get("perUserLimit").asInt()).isEqualTo(2);
        assertThat(promo.get("startAt").asString()).isEqualTo(start.toString());
    }

    @Test
    void promosOfOneItemMayNotOverlap() {
        long itemId = shop.createItem(5);
        var start = Instant.now().plus(Duration.ofHours(2));
        shop.createPromo(itemId, start, start.plus(Duration.ofHours(1)), 1);

        var overlapping = api.post("/api/admin/promos", shop.admin(), promo(itemId, start.plus(Duration.ofMinutes(30)),
                start.plus(Duration.ofHours(2))));
        assertThat(overlapping.status()).isEqualTo(409);
        assertThat(overlapping.code()).isEqualTo("CONFLICT");

        var adjacent = api.post("/api/admin/promos", shop.admin(), promo(itemId, start.plus(Duration.ofHours(1)),
                start.plus(Duration.ofHours(2))));
        assertThat(adjacent.status()).isEqualTo(201);
        assertThat(adjacent.json().get("published").asBoolean()).isFalse();
        assertThat(adjacent.json().get("paymentMinutes").asInt()).isEqualTo(15);
    }

    @Test
    void aPromoMustEndAfterItStartsAndSellAnExistingItem() {
        long itemId = shop.createItem(5);
        var start = Instant.now().plus(Duration.ofHours(5));
        var backwards = api.post("/api/admin/promos", shop.admin(), promo(itemId, start, start.minusSeconds(1)));
        assertThat(backwards.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(backwards.json().get("errors").get(0).get("field").asString()).isEqualTo("endAt");

        var noItem = api.post("/api/admin/promos", shop.admin(), promo(999_999_999L, start, start.plusSeconds(60)));
        assertThat(noItem.code()).isEqualTo("VALIDATION_FAILED");

        var badPrice = new HashMap<>(promo(itemId, start, start.plusSeconds(60)));
        badPrice.put("promoPrice", 9.9);
        assertThat(api.post("/api/admin/promos", shop.admin(), badPrice).code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void onlyAdminsAdminister() {
        var buyer = shop.buyer();
        var item = Map.<String, Object>of("title", "x", "price", "1.00", "stock", 1);
        var asBuyer = api.post("/api/admin/items", buyer.session(), item);
        assertThat(asBuyer.status()).isEqualTo(403);
        assertThat(asBuyer.code()).isEqualTo("FORBIDDEN");
        var anonymous = api.post("/api/admin/items", null, item);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(api.post("/api/admin/promos/1/publish", buyer.session(), "").status()).isEqualTo(403);
        assertThat(api.get("/api/admin/promos/1/stats", buyer.session()).status()).isEqualTo(403);
        assertThat(api.post("/api/admin/loadtest/users", buyer.session(), Map.of("prefix", "x", "count", 1)).status())
                .isEqualTo(403);
    }

    @Test
    void publishingAnUnknownPromoIsNotFound() {
        var missing = api.post("/api/admin/promos/987654321/publish", shop.admin(), "");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void adminsListEveryPromoNewestFirstDraftsIncludedAndNobodyElseMay() {
        long itemId = shop.createItem(5);
        var now = Instant.now();
        long older = shop.createPromo(itemId, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)), 1);
        long newer = shop.createPromo(itemId, now.plus(Duration.ofHours(3)), now.plus(Duration.ofHours(4)), 2);
        shop.publish(older);

        var listed = api.get("/api/admin/promos", shop.admin());

        assertThat(listed.status()).isEqualTo(200);
        var ids = new java.util.ArrayList<Long>();
        listed.json().forEach(node -> ids.add(node.get("id").asLong()));
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder()).containsSubsequence(newer, older);
        var draft = listed.json().get(ids.indexOf(newer));
        assertThat(draft.get("published").asBoolean()).isFalse();
        assertThat(draft.get("itemId").asLong()).isEqualTo(itemId);
        assertThat(draft.get("perUserLimit").asInt()).isEqualTo(2);
        assertThat(draft.get("promoPrice").asString()).isEqualTo("9.90");
        assertThat(draft.get("startAt").asString()).endsWith("Z");
        assertThat(listed.json().get(ids.indexOf(older)).get("published").asBoolean()).isTrue();

        assertThat(api.get("/api/admin/promos", shop.buyer().session()).code()).isEqualTo("FORBIDDEN");
        assertThat(api.get("/api/admin/promos", null).code()).isEqualTo("UNAUTHENTICATED");
    }

    private static Map<String, Object> promo(long itemId, Instant start, Instant end) {
        return Map.of("itemId", itemId, "title", "Sale", "promoPrice", "5.00", "startAt", start.toString(),
                "endAt", end.toString());
    }
}
