package io.seckill.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.seckill.order.internal.LocalTransactionProbe;
import io.seckill.stock.StockClaim;

/**
 * Lets a test make the local transaction of one buyer's order fail, hang or report UNKNOW, standing
 * in for a crash at that point. Other buyers' orders are untouched.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestProbe {

    private static final Map<Long, Consumer<StockClaim>> AFTER_RESERVATION = new ConcurrentHashMap<>();
    private static final Map<Long, Boolean> REPORT_UNKNOWN = new ConcurrentHashMap<>();
    private static final Map<Long, RuntimeException> WRITE_FAILURE = new ConcurrentHashMap<>();

    public static void afterReservation(long userId, Consumer<StockClaim> action) {
        AFTER_RESERVATION.put(userId, action);
    }

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

    @Bean
    LocalTransactionProbe testProbe() {
        return new LocalTransactionProbe() {
            @Override
            public void afterReservation(StockClaim claim) {
                var action = AFTER_RESERVATION.get(claim.userId());
                if (action != null) {
                    action.accept(claim);
                }
            }

            @Override
            public void beforeWrite(List<StockClaim> claims) {
                for (var claim : claims) {
                    var failure = WRITE_FAILURE.get(claim.userId());
                    if (failure != null) {
                        throw failure;
                    }
                }
            }

            @Override
            public boolean reportUnknown(StockClaim claim) {
                return REPORT_UNKNOWN.getOrDefault(claim.userId(), false);
            }
        };
    }
}
