package io.seckill.order.internal;

import java.util.List;

import io.seckill.stock.StockClaim;

/**
 * A seam for tests to stand in for a crash or a hang inside the local transaction. Production has no
 * bean of this type, so the no-op default applies.
 */
public interface LocalTransactionProbe {

    LocalTransactionProbe NONE = new LocalTransactionProbe() {
    };

    /** Runs after the counter was deducted and before the order is written. */
    default void afterReservation(StockClaim claim) {
    }

    /** Runs inside the transaction that writes these orders, before anything is written. */
    default void beforeWrite(List<StockClaim> claims) {
    }

    /** Whether to tell the broker "unknown" although the order was written, forcing a check-back. */
    default boolean reportUnknown(StockClaim claim) {
        return false;
    }
}
