package io.seckill.stock.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.seckill.stock.StockDeduction;

/**
 * Applies a committed deduction to the database stock exactly once. The stock-log row's
 * {@code applied_to_db} flag is the idempotency key: a redelivered message finds it set and changes
 * nothing. The {@code stock >= ?} guard is the last line against overselling.
 */
@Component
class DatabaseStock {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStock.class);

    private final JdbcClient jdbc;

    DatabaseStock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True if this call applied the deduction, false if it had been applied before. */
    @Transactional
    public boolean apply(StockDeduction deduction) {
        int claimed = jdbc.sql("""
                UPDATE stock_log SET applied_to_db = TRUE
                WHERE order_id = ? AND status = 'DONE' AND applied_to_db = FALSE""")
                .param(deduction.orderId()).update();
        if (claimed == 0) {
            log.debug("Deduction for order {} already applied or not DONE; nothing to do", deduction.orderId());
            return false;
        }
        int updated = jdbc.sql("""
                UPDATE item_stock SET stock = stock - ?, sales = sales + ?
                WHERE item_id = ? AND stock >= ?""")
                .params(deduction.quantity(), deduction.quantity(), deduction.itemId(), deduction.quantity())
                .update();
        if (updated != 1) {
            // The counter sold a unit the database does not have: never hide this, let the broker retry.
            throw new IllegalStateException("Database stock of item " + deduction.itemId()
                    + " is below the deduction of order " + deduction.orderId());
        }
        return true;
    }
}
