package io.seckill.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.seckill.bench.Engines.Database;
import io.seckill.bench.Engines.RedisAddress;
import io.seckill.bench.InvariantChecker.Confirmed;
import io.seckill.bench.InvariantChecker.Kind;

/**
 * The checker fed database and Redis states by hand: a consistent sale passes, and each broken promise is
 * reported as exactly that violation. Promo 1 sells item 1: 10 units, at most 2 per buyer; three buyers
 * (101, 102, 103) hold one unit each, so the counter and the database stock are 7.
 */
class InvariantCheckerTests {

    private static final Database DATABASE = ScratchEngines.database("seckill_bench_check");
    private static final RedisAddress REDIS = ScratchEngines.redis(12);
    private static final int STOCK = 10;

    private final List<Confirmed> confirmed = new ArrayList<>();
    private long demand;

    @BeforeEach
    void aConsistentSale() throws Exception {
        ScratchEngines.migrate(DATABASE);
        REDIS.flush();
        confirmed.clear();
        demand = 0;
        sql("INSERT INTO item (id, title, description, image_url, price, created_at) VALUES (1, 'item', '', '', 100, NOW(3))");
        sql("INSERT INTO item_stock (item_id, stock, sales) VALUES (1, 10, 0)");
        sql("INSERT INTO promo (id, item_id, title, promo_price, start_at, end_at, per_user_limit, payment_minutes, "
                + "published, initial_stock, created_at) VALUES (1, 1, 'sale', 1, NOW(3), NOW(3) + INTERVAL 1 HOUR, 2, 15, "
                + "TRUE, 10, NOW(3))");
        for (int i = 1; i <= 3; i++) {
            order(i, 100 + i, 1, "UNPAID");
            confirmed.add(new Confirmed(i, 100 + i));
        }
        stock(7, 7);
    }

    @Test
    void aConsistentSaleHasNoViolation() throws Exception {
        var result = check();
        assertEquals(List.of(), result.violations());
        assertEquals(3, result.sold());
        assertEquals(7L, result.counter());
        assertEquals(7L, result.dbStock());
    }

    @Test
    void cancelledOrdersDoNotCountAsSold() throws Exception {
        order(4, 101, 2, "CANCELLED");
        assertEquals(List.of(), check().violations());
    }

    @Test
    void moreUnitsSoldThanTheStockIsOversold() throws Exception {
        for (int i = 4; i <= 11; i++) {
            order(i, 100 + i, 1, "UNPAID");
        }
        stock(0, 0);
        assertEquals(List.of(Kind.OVERSOLD), check().kinds());
    }

    @Test
    void aBuyerAboveThePerUserLimitIsReported() throws Exception {
        order(4, 104, 3, "UNPAID");
        stock(4, 4);
        assertEquals(List.of(Kind.OVER_USER_LIMIT), check().kinds());
    }

    @Test
    void twoLiveOrdersOfOneBuyerAreReportedEvenWithinTheLimit() throws Exception {
        sql("ALTER TABLE orders DROP INDEX uk_orders_live_buyer"); // the database would refuse the state otherwise
        order(4, 101, 1, "PAID");
        stock(6, 6);
        assertEquals(List.of(Kind.DUPLICATE_LIVE_ORDER), check().kinds());
    }

    @Test
    void aConfirmedOrderMissingFromTheDatabaseIsReported() throws Exception {
        confirmed.add(new Confirmed(99, 199));
        var result = check();
        assertEquals(List.of(Kind.CONFIRMED_ORDER_MISSING), result.kinds());
        assertEquals(true, result.violations().getFirst().detail().contains("order 99 of user 199 not found"));
    }

    @Test
    void aConfirmedOrderOfAnotherBuyerIsReportedAsMissing() throws Exception {
        confirmed.set(0, new Confirmed(1, 555));
        assertEquals(List.of(Kind.CONFIRMED_ORDER_MISSING), check().kinds());
    }

    @Test
    void aCounterThatDisagreesWithTheDatabaseIsReported() throws Exception {
        stock(6, 7);
        assertEquals(List.of(Kind.STOCK_MISMATCH), check().kinds());
    }

    @Test
    void aDatabaseStockThatDisagreesWithTheOrdersIsReported() throws Exception {
        stock(8, 8);
        assertEquals(List.of(Kind.STOCK_MISMATCH), check().kinds());
    }

    @Test
    void aMissingCounterIsReported() throws Exception {
        REDIS.flush();
        assertEquals(List.of(Kind.STOCK_MISMATCH), check().kinds());
    }

    @Test
    void aStockLogRowLeftInitIsReported() throws Exception {
        sql("INSERT INTO stock_log (order_id, item_id, promo_id, user_id, quantity, status, applied_to_db, created_at, "
                + "updated_at) VALUES (50, 1, 1, 150, 1, 'INIT', FALSE, NOW(3), NOW(3))");
        var result = check();
        assertEquals(List.of(Kind.INIT_LEFT), result.kinds());
        assertEquals(1, result.initLeft());
    }

    @Test
    void aDoneRowNeverAppliedToTheDatabaseIsReportedAsNotDrained() throws Exception {
        order(4, 104, 1, "UNPAID");
        sql("UPDATE stock_log SET applied_to_db = FALSE WHERE order_id = 4");
        stock(6, 7); // the counter was deducted; the database stock never was
        assertEquals(List.of(Kind.STOCK_MISMATCH, Kind.NOT_DRAINED), check().kinds());
    }

    @Test
    void sellingLessThanTheBuyersAskedForWhileStockLastedIsUndersold() throws Exception {
        demand = 20;
        assertEquals(List.of(Kind.UNDERSOLD), check().kinds());
    }

    @Test
    void sellingLessBecauseDemandWasLowerIsFine() throws Exception {
        demand = 3;
        assertEquals(List.of(), check().violations());
    }

    @Test
    void anUnknownPromoIsReported() throws Exception {
        var result = new InvariantChecker(DATABASE, REDIS).check(
                new InvariantChecker.Request(42, 0, 0, List.of(), Duration.ofMillis(100)));
        assertEquals(List.of(Kind.NO_SUCH_PROMO), result.kinds());
    }

    private InvariantChecker.Result check() throws Exception {
        return new InvariantChecker(DATABASE, REDIS).check(
                new InvariantChecker.Request(1, 0, demand, List.copyOf(confirmed), Duration.ofMillis(600)));
    }

    /** A live or cancelled order with its stock-log row DONE and applied, as the consumer leaves it. */
    private static void order(long id, long user, int quantity, String status) throws SQLException {
        sql("INSERT INTO orders (id, user_id, item_id, promo_id, quantity, unit_price, total, status, created_at, pay_by) "
                + "VALUES (" + id + ", " + user + ", 1, 1, " + quantity + ", 1, " + quantity + ", '" + status
                + "', NOW(3), NOW(3) + INTERVAL 15 MINUTE)");
        sql("INSERT INTO stock_log (order_id, item_id, promo_id, user_id, quantity, status, applied_to_db, created_at, "
                + "updated_at) VALUES (" + id + ", 1, 1, " + user + ", " + quantity + ", 'DONE', TRUE, NOW(3), NOW(3))");
    }

    private static void stock(int counter, int database) throws SQLException {
        try (var jedis = REDIS.open()) {
            jedis.set("stock:{item:1}", String.valueOf(counter));
        }
        sql("UPDATE item_stock SET stock = " + database + ", sales = " + (STOCK - database) + " WHERE item_id = 1");
    }

    private static void sql(String sql) throws SQLException {
        try (var connection = DATABASE.connect(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
