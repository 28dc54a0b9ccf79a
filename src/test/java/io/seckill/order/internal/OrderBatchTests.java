package io.seckill.order.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

import io.seckill.order.Order;
import io.seckill.order.OrderStatus;
import io.seckill.platform.id.IdBlocks;
import io.seckill.platform.web.ProblemCode;
import io.seckill.stock.StockClaim;
import io.seckill.stock.StockDeduction;
import io.seckill.stock.StockLedger;
import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.IntegrationTest;
import io.seckill.support.Shop.Buyer;
import io.seckill.support.Shop.Sale;
import io.seckill.support.TestProbe;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders placed together in one batch (one message, one Lua call, one transaction) are each decided
 * on their own merits: one buyer's refusal or failure never costs another buyer their order, and
 * every unit is in an order or back in the counter.
 */
@AlsoOnRedisCluster
class OrderBatchTests extends IntegrationTest {

    @Autowired
    OrderMessages messages;

    @Autowired
    OrderCheckBack checkBack;

    @Autowired
    IdBlocks ids;

    @Autowired
    StockLedger ledger;

    @Autowired
    JsonMapper json;

    @Test
    void eachOrderOfABatchIsDecidedOnItsOwnInTheOrderItArrived() {
        var sale = shop.openSale(3);
        // the order of arrival is kept within a bucket: with several, each keeps it for its own buyers
        keepInOneBucket(sale.itemId(), sale.promoId(), 3);
        var buyers = shop.buyers(4);
        var a = buyers.get(0);

        var placements = messages.place(drafts(sale, a, buyers.get(1), a, buyers.get(2), buyers.get(3)));

        assertThat(placements.get(0)).isInstanceOf(Placement.Placed.class);
        assertThat(placements.get(1)).isInstanceOf(Placement.Placed.class);
        assertThat(code(placements.get(2))).as("the same buyer again in the same batch").isEqualTo(ProblemCode.ALREADY_PURCHASED);
        assertThat(placements.get(3)).isInstanceOf(Placement.Placed.class);
        assertThat(code(placements.get(4))).as("the fifth order found the three units gone").isEqualTo(ProblemCode.SOLD_OUT);
        assertThat(counter(sale.itemId())).isZero();
        assertThat(liveOrderUnits(sale.promoId())).isEqualTo(3);
        assertThat(stockLogCount(sale.itemId(), "DONE")).isEqualTo(3);
        assertThat(stockLogCount(sale.itemId(), "ROLLED_BACK")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> dbStock(sale.itemId()) == 0);
    }

    @Test
    void anOrderWhoseWriteFailsAfterItsReservationGivesItsUnitsBackAndLeavesTheRestOfTheBatchPlaced() {
        var sale = shop.openSale(10);
        var buyers = shop.buyers(3);
        TestProbe.failWrites(buyers.get(1).id(), new DataIntegrityViolationException("injected: the database refuses this order"));

        var placements = messages.place(drafts(sale, buyers.toArray(Buyer[]::new)));

        assertThat(placements.get(0)).isInstanceOf(Placement.Placed.class);
        assertThat(code(placements.get(1))).isEqualTo(ProblemCode.BUSY);
        assertThat(placements.get(2)).isInstanceOf(Placement.Placed.class);
        assertThat(counter(sale.itemId())).as("the failed order's unit is back").isEqualTo(8);
        assertThat(liveOrderUnits(sale.promoId())).isEqualTo(2);
        assertThat(stockLogCount(sale.itemId(), "ROLLED_BACK")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> dbStock(sale.itemId()) == 8);
    }

    @Test
    void anOrderTheDatabaseRefusesIsWrittenApartSoTheOthersOfItsBatchStand() {
        var sale = shop.openSale(10);
        var buyers = shop.buyers(3);
        var refused = buyers.get(1);
        // A live order the counter does not know of (as after a lost buyers hash): the unique key refuses a second.
        jdbc.sql("""
                INSERT INTO orders (id, user_id, item_id, promo_id, quantity, unit_price, total, status, created_at, pay_by)
                VALUES (?, ?, ?, ?, 1, 9.90, 9.90, 'UNPAID', NOW(3), NOW(3) + INTERVAL 15 MINUTE)""")
                .params(ids.next("orders"), refused.id(), sale.itemId(), sale.promoId()).update();

        var placements = messages.place(drafts(sale, buyers.toArray(Buyer[]::new)));

        assertThat(placements.get(0)).isInstanceOf(Placement.Placed.class);
        assertThat(code(placements.get(1))).isEqualTo(ProblemCode.BUSY);
        assertThat(placements.get(2)).isInstanceOf(Placement.Placed.class);
        assertThat(counter(sale.itemId())).as("the refused order's unit is back").isEqualTo(8);
        assertThat(stockLogCount(sale.itemId(), "DONE")).isEqualTo(2);
        assertThat(stockLogCount(sale.itemId(), "ROLLED_BACK")).isEqualTo(1);
        assertThat(holdsReservation(sale.itemId(), sale.promoId(), refused.id()))
                .as("the refused buyer holds no reservation").isFalse();
    }

    @Test
    void aBatchTheDatabaseCannotTakeIsSettledAsAWholeWithoutTryingEachOrderAgain() {
        var sale = shop.openSale(10);
        var buyers = shop.buyers(3);
        TestProbe.failWrites(buyers.get(1).id(), new DataAccessResourceFailureException("the database went away"));

        var placements = messages.place(drafts(sale, buyers.toArray(Buyer[]::new)));

        // Written one by one, the first and the third order would have gone through: they were not tried again.
        assertThat(placements).allSatisfy(placement -> assertThat(code(placement)).isEqualTo(ProblemCode.BUSY));
        assertThat(counter(sale.itemId())).as("every unit of the batch is back").isEqualTo(10);
        assertThat(stockLogCount(sale.itemId(), "ROLLED_BACK")).isEqualTo(3);
        assertThat(liveOrderUnits(sale.promoId())).isZero();
    }

    @Test
    void theCheckBackSettlesEveryOrderOfABatchAndCommitsItIfOneWasWritten() {
        var sale = shop.openSale(10);
        var buyers = shop.buyers(3);
        var written = drafts(sale, buyers.getFirst());
        assertThat(messages.place(written).getFirst()).isInstanceOf(Placement.Placed.class);
        // An attempt that died after its reservation, long ago: its row is INIT and the counter holds its unit.
        var stale = claim(sale, buyers.get(1));
        ledger.reserveAll(List.of(stale));
        insertInitRow(stale, Instant.now().minus(Duration.ofHours(1)));
        // An attempt that died before its row was written.
        var unwritten = claim(sale, buyers.get(2));
        assertThat(counter(sale.itemId())).isEqualTo(8);

        var verdict = checkBack.decide(message(Instant.now().minus(Duration.ofHours(1)),
                claimOf(written.getFirst()), stale, unwritten));

        assertThat(verdict).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
        assertThat(status(stale)).isEqualTo("ROLLED_BACK");
        assertThat(status(unwritten)).as("a tombstone, so that a late attempt cannot sell").isEqualTo("ROLLED_BACK");
        assertThat(counter(sale.itemId())).as("the dead attempt's unit is back, once").isEqualTo(9);
    }

    @Test
    void theCheckBackWaitsWhileAnOrderOfTheBatchMayStillBeInFlight() {
        var sale = shop.openSale(10);
        var buyers = shop.buyers(2);
        var young = claim(sale, buyers.getFirst());
        insertInitRow(young, Instant.now());
        var unwritten = claim(sale, buyers.get(1));

        var verdict = checkBack.decide(message(Instant.now(), young, unwritten));

        assertThat(verdict).isEqualTo(LocalTransactionState.UNKNOW);
        assertThat(status(young)).isEqualTo("INIT");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stock_log WHERE order_id = ?").param(unwritten.orderId())
                .query(Long.class).single()).isZero();
    }

    private List<Order> drafts(Sale sale, Buyer... buyers) {
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var drafts = new ArrayList<Order>();
        for (var buyer : buyers) {
            drafts.add(new Order(ids.next("orders"), buyer.id(), sale.itemId(), sale.promoId(), 1, new BigDecimal("9.90"),
                    new BigDecimal("9.90"), OrderStatus.UNPAID, now, now.plus(Duration.ofMinutes(15))));
        }
        return drafts;
    }

    private StockClaim claim(Sale sale, Buyer buyer) {
        return new StockClaim(ids.next("orders"), sale.itemId(), sale.promoId(), buyer.id(), 1);
    }

    private static StockClaim claimOf(Order order) {
        return new StockClaim(order.id(), order.itemId(), order.promoId(), order.userId(), order.quantity());
    }

    private void insertInitRow(StockClaim claim, Instant createdAt) {
        jdbc.sql("""
                INSERT INTO stock_log (order_id, item_id, promo_id, user_id, quantity, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'INIT', ?, ?)""")
                .params(claim.orderId(), claim.itemId(), claim.promoId(), claim.userId(), claim.quantity(),
                        Timestamp.from(createdAt), Timestamp.from(createdAt))
                .update();
    }

    private MessageExt message(Instant born, StockClaim... claims) {
        var message = new MessageExt();
        message.setBody(StockDeduction.message(json, List.of(claims)));
        message.setBornTimestamp(born.toEpochMilli());
        return message;
    }

    private String status(StockClaim claim) {
        return jdbc.sql("SELECT status FROM stock_log WHERE order_id = ?").param(claim.orderId()).query(String.class).single();
    }

    private static ProblemCode code(Placement placement) {
        return ((Placement.Refused) placement).rejection().code();
    }
}
