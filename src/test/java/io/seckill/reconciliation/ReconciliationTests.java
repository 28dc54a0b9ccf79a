package io.seckill.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.IntegrationTest;
import io.seckill.support.Shop;
import io.seckill.support.StartingGun;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockRecovery;
import tools.jackson.databind.JsonNode;

/** The background reconciliation and its report, against real drift and a real loss of the counter. */
@AlsoOnRedisCluster
class ReconciliationTests extends IntegrationTest {

    @Autowired
    StockRecovery recovery;

    @Test
    void aDrainedSaleIsReportedConsistent() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        assertThat(shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId())).status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var item = itemReport(sale.itemId());
            assertThat(item.get("problems").size()).as(item.toString()).isZero();
            assertThat(item.get("initialStock").asLong()).isEqualTo(5);
            assertThat(item.get("counterStock").asLong()).isEqualTo(4);
            assertThat(item.get("dbStock").asLong()).isEqualTo(4);
            assertThat(item.get("liveOrderUnits").asLong()).isEqualTo(1);
            assertThat(item.get("pendingStockLogs").asLong()).isZero();
        });
        assertThat(api.get("/api/admin/consistency", buyer.session()).status()).isEqualTo(403);
    }

    @Test
    void driftBetweenCounterAndDatabaseIsReported() {
        var sale = shop.openSale(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> itemReport(sale.itemId()).get("problems").isEmpty());

        redis.opsForValue().decrement(StockKeys.counter(pools.tag(sale.itemId(), 0)));
        try {
            var item = itemReport(sale.itemId());
            assertThat(item.get("problems").get(0).asString()).contains("counter 4 != database stock 5");
            assertThat(api.get("/api/admin/consistency", shop.admin()).json().get("consistent").asBoolean()).isFalse();
        } finally {
            redis.opsForValue().increment(StockKeys.counter(pools.tag(sale.itemId(), 0)));
        }
    }

    @Test
    void aCounterLostWithRedisIsRebuiltFromTheDatabaseBeforeOrdersAreTakenAgain() {
        var sale = shop.openSale(10);
        var buyers = shop.buyers(3);
        assertThat(shop.order(buyers.get(0), sale.promoId(), 1, shop.token(buyers.get(0), sale.promoId())).status())
                .isEqualTo(201);
        var token = shop.token(buyers.get(1), sale.promoId());
        await().atMost(Duration.ofSeconds(30)).until(() -> itemReport(sale.itemId()).get("pendingStockLogs").asLong() == 0);

        loseStockCounters(sale.itemId(), sale.promoId());
        var whileLost = shop.order(buyers.get(1), sale.promoId(), 1, token);
        assertThat(whileLost.code()).as("no counter, no sale").isEqualTo("BUSY");

        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.counterNow(sale.itemId()).isPresent());
        assertThat(counter(sale.itemId())).isEqualTo(9);
        var holder = shop.requestToken(buyers.get(0), sale.promoId(), shop.captcha(buyers.get(0), sale.promoId()));
        assertThat(holder.code()).as("the buyers were rebuilt too").isEqualTo("ALREADY_PURCHASED");
        var retry = shop.order(buyers.get(1), sale.promoId(), 1, token);
        assertThat(retry.status()).as("BUSY left the token usable: " + retry).isEqualTo(201);
        assertThat(counter(sale.itemId())).isEqualTo(8);
    }

    @Test
    void aCounterRebuiltWhileBuyersCancelCountsEveryReturnedUnitExactlyOnce() throws Exception {
        var sale = shop.openSale(60);
        var buyers = shop.buyers(40);
        var orderIds = StartingGun.fireTogether(buyers, buyer -> {
            var order = shop.orderUntilAnswered(buyer, sale.promoId(), shop.token(buyer, sale.promoId()));
            assertThat(order.status()).as(order.toString()).isEqualTo(201);
            return order.json().get("id").asLong();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> itemReport(sale.itemId()).get("pendingStockLogs").asLong() == 0);

        // Redis loses the counter and the buyers; half of the buyers cancel while the reconciler (every
        // second in tests) rebuilds both, their cancellations spread over the rebuild.
        loseStockCounters(sale.itemId(), sale.promoId());
        var cancelled = StartingGun.fireTogether(buyers.subList(0, 20), buyer -> {
            long orderId = orderIds.get(buyers.indexOf(buyer));
            sleepUpTo(Duration.ofMillis(2500)); // jitter, so that some cancel before, some during, some after
            return api.post("/api/orders/" + orderId + "/cancellation", buyer.session(), "").status();
        });
        assertThat(cancelled).containsOnly(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var item = itemReport(sale.itemId());
            assertThat(item.get("problems").size()).as(item.toString()).isZero();
            assertThat(item.get("counterStock").asLong()).isEqualTo(40);
            assertThat(item.get("dbStock").asLong()).isEqualTo(40);
            assertThat(item.get("liveOrderUnits").asLong()).isEqualTo(20);
        });
        var stillHolding = shop.requestToken(buyers.get(39), sale.promoId(), shop.captcha(buyers.get(39), sale.promoId()));
        assertThat(stillHolding.code()).as("a buyer who did not cancel still holds the order").isEqualTo("ALREADY_PURCHASED");
        assertThat(shop.order(buyers.get(0), sale.promoId(), 1, shop.token(buyers.get(0), sale.promoId())).status())
                .as("a buyer who cancelled may buy again").isEqualTo(201);
    }

    @Test
    void aCancellationWhoseReleaseFoundNoCounterReachesACounterRebuiltFromAnEarlierRead() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        long orderId = shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId())).json().get("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> itemReport(sale.itemId()).get("pendingStockLogs").asLong() == 0);
        // the books as a rebuild reads them before the cancellation commits: 4 units left, the buyer holding one
        var booksBeforeTheCancellation = Map.of(sale.promoId(), Map.of(buyer.id(), orderId));
        long attemptInFlight = holdTheReconcilersRebuildOff(sale);
        try {
            loseStockCounters(sale.itemId(), sale.promoId());
            assertThat(api.post("/api/orders/" + orderId + "/cancellation", buyer.session(), "").status()).isEqualTo(200);

            assertThat(recovery.rebuild(sale.itemId(), 4, booksBeforeTheCancellation)).isTrue();
        } finally {
            jdbc.sql("DELETE FROM stock_log WHERE order_id = ?").param(attemptInFlight).update();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var item = itemReport(sale.itemId());
            assertThat(item.get("problems").size()).as(item.toString()).isZero();
            assertThat(item.get("counterStock").asLong()).isEqualTo(5);
            assertThat(item.get("liveOrderUnits").asLong()).isZero();
        });
        assertThat(shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId())).status())
                .as("the cancelled buyer is free to buy again").isEqualTo(201);
    }

    /** A row INIT for the item, as if a deduction were in flight: the reconciler rebuilds no counter meanwhile. */
    private long holdTheReconcilersRebuildOff(Shop.Sale sale) {
        long orderId = 910_000_000L + System.nanoTime() % 1_000_000L;
        jdbc.sql("""
                INSERT INTO stock_log (order_id, item_id, promo_id, user_id, quantity, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, 1, 'INIT', NOW(3), NOW(3))""")
                .params(orderId, sale.itemId(), sale.promoId(), 1).update();
        return orderId;
    }

    private static void sleepUpTo(Duration most) {
        try {
            Thread.sleep((long) (Math.random() * most.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void unitsThatNeverReachedTheCounterAreReturnedByTheSweep() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        var order = shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId()));
        long orderId = order.json().get("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> itemReport(sale.itemId()).get("pendingStockLogs").asLong() == 0);

        // as if the node died between the cancelling transaction and the counter release
        jdbc.sql("UPDATE orders SET status = 'CANCELLED' WHERE id = ?").param(orderId).update();
        jdbc.sql("UPDATE stock_log SET status = 'RETURNED', applied_to_db = FALSE, counter_released = FALSE WHERE order_id = ?")
                .param(orderId).update();
        jdbc.sql("UPDATE item_stock SET stock = stock + 1, sales = sales - 1 WHERE item_id = ?").param(sale.itemId()).update();

        await().atMost(Duration.ofSeconds(30)).until(() -> counter(sale.itemId()) == 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> itemReport(sale.itemId()).get("problems").isEmpty());
        assertThat(dbStock(sale.itemId())).isEqualTo(5);
    }

    @Test
    void aDeductionTheBrokerNeverAsksAboutIsRolledBackAndItsUnitsReturned() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        long orderId = 900_000_000L + System.nanoTime() % 1_000_000L;
        // as if the node died after taking the unit, and the broker gave up asking (or lost the half message)
        jdbc.sql("""
                INSERT INTO stock_log (order_id, item_id, promo_id, user_id, quantity, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, 1, 'INIT', NOW(3) - INTERVAL 1 MINUTE, NOW(3) - INTERVAL 1 MINUTE)""")
                .params(orderId, sale.itemId(), sale.promoId(), buyer.id()).update();
        var home = pools.homeTag(sale.itemId(), buyer.id());
        redis.opsForValue().decrement(StockKeys.counter(home));
        redis.opsForHash().put(StockKeys.buyers(home, sale.promoId()), Long.toString(buyer.id()),
                Long.toString(orderId));

        // the row is marked first, the units returned right after: wait for both
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(jdbc.sql("SELECT status FROM stock_log WHERE order_id = ?").param(orderId).query(String.class)
                    .single()).isEqualTo("ROLLED_BACK");
            assertThat(counter(sale.itemId())).isEqualTo(5);
        });
        assertThat(shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId())).status())
                .as("the buyer is free to buy").isEqualTo(201);
    }

    private JsonNode itemReport(long itemId) {
        var report = api.get("/api/admin/consistency", shop.admin());
        assertThat(report.status()).isEqualTo(200);
        for (var item : report.json().get("items")) {
            if (item.get("itemId").asLong() == itemId) {
                return item;
            }
        }
        throw new AssertionError("item " + itemId + " missing from " + report);
    }
}
