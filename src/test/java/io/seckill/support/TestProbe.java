package io.seckill.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

import io.seckill.order.internal.InjectedFailures;
import io.seckill.stock.StockClaim;

/**
 * Lets a test make the local transaction of one buyer's order fail, hang or report UNKNOW, standing
 * in for a crash at that point. Other buyers' orders are untouched. The production code has no hook for
 * this: {@link InjectedFailures} wraps the beans the local transaction calls, in tests only.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(InjectedFailures.class)
public class TestProbe {

    private static final Map<Long, Consumer<StockClaim>> AFTER_RESERVATION = new ConcurrentHashMap<>();
    private static final Map<Long, Boolean> REPORT_UNKNOWN = new ConcurrentHashMap<>();
    private static final Map<Long, RuntimeException> WRITE_FAILURE = new ConcurrentHashMap<>();

    /** Runs {@code action} once the counter has taken this buyer's units, before their order is written. */
    public static void afterReservation(long userId, Consumer<StockClaim> action) {
        AFTER_RESERVATION.put(userId, action);
    }

    /** Tells the broker "unknown" for a batch with this buyer's order although it was written: a check-back follows. */
    public static void reportUnknown(long userId) {
        REPORT_UNKNOWN.put(userId, true);
    }

    /** Makes every write of orders that includes this buyer's fail with {@code failure}, as a database would. */
    public static void failWrites(long userId, RuntimeException failure) {
        WRITE_FAILURE.put(userId, failure);
    }

    public static void reset() {
        AFTER_RESERVATION.clear();
        REPORT_UNKNOWN.clear();
        WRITE_FAILURE.clear();
    }

    /** What {@link #afterReservation} asked for this claim's buyer, if anything. */
    public static void reserved(StockClaim claim) {
        var action = AFTER_RESERVATION.get(claim.userId());
        if (action != null) {
            action.accept(claim);
        }
    }

    /** Throws what {@link #failWrites} asked for this buyer, if anything. */
    public static void writing(long userId) {
        var failure = WRITE_FAILURE.get(userId);
        if (failure != null) {
            throw failure;
        }
    }

    public static boolean reportsUnknown(long userId) {
        return REPORT_UNKNOWN.getOrDefault(userId, false);
    }
}
