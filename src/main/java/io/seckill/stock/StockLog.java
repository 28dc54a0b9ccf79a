package io.seckill.stock;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The durable record of every deduction, written before the counter is touched. It is what the
 * broker's check-back and the reconciliation read to decide whether an order happened, so no unit
 * taken from the counter can go unaccounted for. Transitions are compare-and-set on INIT: whoever
 * moves a row out of INIT first decides its fate, and the loser learns it from the row count.
 */
@Component
public class StockLog {

    private final JdbcClient jdbc;

    StockLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the intent before the counter is touched; false if the id was already decided (rolled back). */
    public boolean begin(StockClaim claim, Instant now) {
        try {
            jdbc.sql("""
                    INSERT INTO stock_log (order_id, item_id, promo_id, user_id, quantity, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 'INIT', ?, ?)""")
                    .params(claim.orderId(), claim.itemId(), claim.promoId(), claim.userId(), claim.quantity(),
                            Timestamp.from(now), Timestamp.from(now))
                    .update();
            return true;
        } catch (DuplicateKeyException alreadyDecided) {
            return false;
        }
    }

    /** INIT -> DONE, inside the caller's transaction that writes the order. */
    public boolean markDone(long orderId) {
        return move(orderId, StockLogStatus.DONE);
    }

    /** INIT -> ROLLED_BACK; true if this call made the decision. */
    public boolean markRolledBack(long orderId) {
        return move(orderId, StockLogStatus.ROLLED_BACK);
    }

    /**
     * Settles an id that has no row at all (the process died before {@link #begin}): a ROLLED_BACK
     * tombstone, so a late {@code begin} for it fails instead of selling.
     */
    public void tombstone(StockClaim claim, Instant now) {
        jdbc.sql("""
                INSERT IGNORE INTO stock_log (order_id, item_id, promo_id, user_id, quantity, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'ROLLED_BACK', ?, ?)""")
                .params(claim.orderId(), claim.itemId(), claim.promoId(), claim.userId(), claim.quantity(),
                        Timestamp.from(now), Timestamp.from(now))
                .update();
    }

    public Optional<Entry> find(long orderId) {
        return jdbc.sql("SELECT status, created_at FROM stock_log WHERE order_id = ?")
                .param(orderId)
                .query((rs, n) -> new Entry(StockLogStatus.valueOf(rs.getString(1)), rs.getTimestamp(2).toInstant()))
                .optional();
    }

    public long pendingCount(long itemId) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_log WHERE item_id = ? AND status = 'INIT'")
                .param(itemId).query(Long.class).single();
    }

    private boolean move(long orderId, StockLogStatus to) {
        return jdbc.sql("UPDATE stock_log SET status = ?, updated_at = ? WHERE order_id = ? AND status = 'INIT'")
                .params(to.name(), Timestamp.from(Instant.now()), orderId)
                .update() == 1;
    }

    public record Entry(StockLogStatus status, Instant createdAt) {
    }
}
