package io.seckill.order.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.seckill.support.IntegrationTest;
import io.seckill.support.Shop.Buyer;
import io.seckill.support.StartingGun;

/**
 * Paying, cancelling and expiring orders, alone and racing each other: an order ends PAID or
 * CANCELLED, never both, and a cancelled order's units come back exactly once, to the counter and to
 * the database.
 */
class OrderLifecycleTests extends IntegrationTest {

    @Autowired
    OrderLifecycle lifecycle;

    @Autowired
    OrderStore orders;

    @Test
    void aBuyerCancelsAnUnpaidOrderGetsTheUnitsBackAndMayBuyAgain() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        long orderId = placeOrder(buyer, sale.promoId());
        awaitDrained(sale.itemId());
        assertThat(dbStock(sale.itemId())).isEqualTo(4);

        var cancelled = api.post("/api/orders/" + orderId + "/cancellation", buyer.session(), "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(counter(sale.itemId())).isEqualTo(5);
        assertThat(dbStock(sale.itemId())).isEqualTo(5);
        var again = api.post("/api/orders/" + orderId + "/cancellation", buyer.session(), "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ORDER_NOT_CANCELLABLE");
        assertThat(api.post("/api/orders/" + orderId + "/payment", buyer.session(), "").code())
                .isEqualTo("ORDER_NOT_PAYABLE");
        assertThat(counter(sale.itemId())).as("the second cancellation returned nothing").isEqualTo(5);

        long second = placeOrder(buyer, sale.promoId());
        assertThat(second).isNotEqualTo(orderId);
        awaitDrained(sale.itemId());
        assertThat(dbStock(sale.itemId())).isEqualTo(4);
        assertThat(counter(sale.itemId())).isEqualTo(4);
    }

    @Test
    void aPaidOrderCannotBeCancelledAndAStrangerCannotCancel() {
        var sale = shop.openSale(5);
        var buyers = shop.buyers(2);
        long orderId = placeOrder(buyers.get(0), sale.promoId());
        assertThat(api.post("/api/orders/" + orderId + "/cancellation", buyers.get(1).session(), "").status())
                .isEqualTo(404);
        assertThat(api.post("/api/orders/" + orderId + "/payment", buyers.get(0).session(), "").status()).isEqualTo(200);

        var cancel = api.post("/api/orders/" + orderId + "/cancellation", buyers.get(0).session(), "");

        assertThat(cancel.code()).isEqualTo("ORDER_NOT_CANCELLABLE");
        assertThat(counter(sale.itemId())).isEqualTo(4);
    }

    @Test
    void anOrderNotPaidInTimeIsCancelledAndItsUnitsReturned() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        long orderId = placeOrder(buyer, sale.promoId());
        awaitDrained(sale.itemId());

        // as if its pay-by time had passed
        jdbc.sql("UPDATE orders SET pay_by = NOW(3) - INTERVAL 1 SECOND WHERE id = ?").param(orderId).update();
        assertThat(api.post("/api/orders/" + orderId + "/payment", buyer.session(), "").code())
                .as("too late to pay").isEqualTo("ORDER_NOT_PAYABLE");

        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(
                api.get("/api/orders/" + orderId, buyer.session()).json().get("status").asString()));
        assertThat(counter(sale.itemId())).isEqualTo(5);
        assertThat(dbStock(sale.itemId())).isEqualTo(5);
    }

    @Test
    void racingPaymentsCancellationsAndExpiriesSettleEachOrderOnceAndReturnEachUnitOnce() throws Exception {
        var sale = shop.openSale(40);
        var buyers = shop.buyers(40);
        var placed = new ArrayList<Long>();
        for (var buyer : buyers) {
            placed.add(placeOrder(buyer, sale.promoId()));
        }
        // they race while the consumer may still be applying their deductions
        var tasks = new ArrayList<Callable<Object>>();
        for (int i = 0; i < placed.size(); i++) {
            long orderId = placed.get(i);
            var buyer = buyers.get(i);
            for (int k = 0; k < 3; k++) {
                tasks.add(() -> api.post("/api/orders/" + orderId + "/cancellation", buyer.session(), ""));
                tasks.add(() -> api.post("/api/orders/" + orderId + "/payment", buyer.session(), ""));
                tasks.add(() -> lifecycle.cancel(orders.find(orderId).orElseThrow(), "expired"));
            }
        }
        raceAll(tasks);

        awaitDrained(sale.itemId());
        var statuses = jdbc.sql("SELECT status FROM orders WHERE promo_id = ?").param(sale.promoId())
                .query(String.class).list();
        assertThat(statuses).hasSize(40).allMatch(s -> s.equals("PAID") || s.equals("CANCELLED"));
        long paid = statuses.stream().filter("PAID"::equals).count();
        assertThat(counter(sale.itemId())).isEqualTo(40 - paid);
        assertThat(dbStock(sale.itemId())).isEqualTo(40 - paid);
        assertThat(liveOrderUnits(sale.promoId())).isEqualTo(paid);
        assertThat(stockLogCount(sale.itemId(), "RETURNED")).isEqualTo(40 - paid);
    }

    private long placeOrder(Buyer buyer, long promoId) {
        var order = shop.order(buyer, promoId, 1, shop.token(buyer, promoId));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        return order.json().get("id").asLong();
    }

    private void awaitDrained(long itemId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                SELECT COUNT(*) FROM stock_log WHERE item_id = ? AND (status = 'INIT'
                  OR (status = 'DONE' AND applied_to_db = FALSE) OR counter_released = FALSE AND status <> 'DONE')""")
                .param(itemId).query(Long.class).single() == 0);
    }

    private static void raceAll(List<Callable<Object>> tasks) throws Exception {
        StartingGun.fireTogether(tasks, task -> {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
