package io.seckill.reconciliation;

import java.util.List;

/**
 * Whether every unit is accounted for: per item, counter = database stock = initial stock - units in
 * live orders, once pending work (undecided deductions, undelivered messages, unreleased units) is done.
 */
public record ConsistencyReport(boolean consistent, List<ItemConsistency> items) {

    public record ItemConsistency(long itemId, long initialStock, Long counterStock, long dbStock,
            long liveOrderUnits, long pendingStockLogs, List<String> problems) {
    }
}
