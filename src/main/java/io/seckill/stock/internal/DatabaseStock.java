package io.seckill.stock.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.seckill.stock.StockDeduction;

/**
 * Applies committed deductions to the database stock exactly once. The stock-log row's
 * {@code applied_to_db} flag is the idempotency key: a redelivered message finds it set and changes
 * nothing. The {@code stock >= ?} guard is the last line against overselling.
 */
@Component
class DatabaseStock {

    private final JdbcClient jdbc;

    DatabaseStock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Applies the deductions of one message in one transaction: every row of it that is DONE and not
     * applied yet (a cancelled, refused or already applied one is skipped), with one stock update per
     * item instead of one per order. Returns how many were applied.
     */
    @Transactional
    public int applyAll(List<StockDeduction> deductions) {
        // quantities come from the stock log, the record of what was taken, not from the message; the
        // primary key is forced so that only the message's rows are locked (see StockLog.moveAll)
        var due = jdbc.sql("""
                SELECT order_id, item_id, quantity FROM stock_log FORCE INDEX (PRIMARY)
                WHERE order_id IN (:ids) AND status = 'DONE' AND applied_to_db = FALSE
                FOR UPDATE""")
                .param("ids", deductions.stream().map(StockDeduction::orderId).toList())
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getInt(3))).list();
        if (due.isEmpty()) {
            return 0;
        }
        jdbc.sql("UPDATE stock_log SET applied_to_db = TRUE WHERE order_id IN (:ids)")
                .param("ids", due.stream().map(Due::orderId).toList()).update();
        Map<Long, Integer> unitsByItem = new TreeMap<>(); // item rows locked in one order by every consumer
        due.forEach(row -> unitsByItem.merge(row.itemId(), row.quantity(), Integer::sum));
        unitsByItem.forEach((itemId, units) -> {
            int updated = jdbc.sql("UPDATE item_stock SET stock = stock - ?, sales = sales + ? WHERE item_id = ? AND stock >= ?")
                    .params(units, units, itemId, units).update();
            if (updated != 1) {
                // The counter sold a unit the database does not have: never hide this, let the broker retry.
                throw new IllegalStateException("Database stock of item " + itemId + " is below the deduction of "
                        + units + " units of orders " + due.stream().map(Due::orderId).toList());
            }
        });
        return due.size();
    }

    private record Due(long orderId, long itemId, int quantity) {
    }
}
