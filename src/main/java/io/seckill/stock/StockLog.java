package io.seckill.stock;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.seckill.platform.jdbc.SqlRows;

/**
 * The durable record of every deduction, written before the counter is touched. It is what the
 * broker's check-back and the reconciliation read to decide whether an order happened, so no unit
 * taken from the counter can go unaccounted for. Transitions are compare-and-set on INIT: whoever
 * moves a row out of INIT first decides its fate, and the loser learns it from the row count.
 */
@Component
public class StockLog {

    private static final String CLAIM = "order_id, item_id, promo_id, user_id, quantity";

    private final JdbcClient jdbc;

    StockLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the intent of a batch before the counter is touched, in one statement; returns the
     * claims recorded. A claim whose id was already decided (a check-back tombstoned it) is left out.
     */
    public List<StockClaim> beginAll(List<StockClaim> claims, Instant now) {
        var at = Timestamp.from(now);
        var values = new ArrayList<>(claims.size() * 7);
        for (var claim : claims) {
            values.addAll(List.of(claim.orderId(), claim.itemId(), claim.promoId(), claim.userId(), claim.quantity(), at, at));
        }
        int inserted = jdbc.sql("INSERT IGNORE INTO stock_log (" + CLAIM + ", status, created_at, updated_at) VALUES "
                + SqlRows.values(claims.size(), "(?, ?, ?, ?, ?, 'INIT', ?, ?)"))
                .params(values).update();
        if (inserted == claims.size()) {
            return claims;
        }
        var begun = new HashSet<>(jdbc.sql("SELECT order_id FROM stock_log WHERE order_id IN (:ids) AND status = 'INIT'")
                .param("ids", orderIds(claims)).query(Long.class).list());
        return claims.stream().filter(claim -> begun.contains(claim.orderId())).toList();
    }

    /**
     * INIT -> DONE for the rows of a batch, inside the caller's transaction that writes the orders;
     * false (and the caller must roll back) unless every row was still INIT.
     */
    public boolean markAllDone(List<StockClaim> claims) {
        return moveAll(claims, "status = 'DONE'") == claims.size();
    }

    /** INIT -> ROLLED_BACK for attempts the counter refused: nothing was taken, nothing to give back. */
    public void markAllRefused(List<StockClaim> claims) {
        moveAll(claims, "status = 'ROLLED_BACK', counter_released = TRUE");
    }

    /** INIT -> ROLLED_BACK for the rows of a batch whose local transaction failed; rows decided before stay as they are. */
    public void markAllRolledBack(List<StockClaim> claims) {
        moveAll(claims, "status = 'ROLLED_BACK'");
    }

    /** INIT -> ROLLED_BACK; true if this call made the decision. The counter may still hold the units. */
    public boolean markRolledBack(long orderId) {
        return move(orderId, StockLogStatus.ROLLED_BACK);
    }

    /** The counter has the units of this rolled-back or returned row back. */
    public void markCounterReleased(long orderId) {
        jdbc.sql("UPDATE stock_log SET counter_released = TRUE WHERE order_id = ? AND status IN ('ROLLED_BACK', 'RETURNED')")
                .param(orderId).update();
    }

    /**
     * DONE -> RETURNED inside the caller's transaction (a cancelled order), locking the row against the
     * consumer. Empty if the row is not DONE; otherwise whether the database stock had been decremented.
     */
    public Optional<Boolean> markReturned(long orderId) {
        var applied = jdbc.sql("SELECT applied_to_db FROM stock_log WHERE order_id = ? AND status = 'DONE' FOR UPDATE")
                .param(orderId).query(Boolean.class).optional();
        applied.ifPresent(wasApplied -> jdbc.sql("UPDATE stock_log SET status = 'RETURNED', updated_at = ? WHERE order_id = ?")
                .params(Timestamp.from(Instant.now()), orderId).update());
        return applied;
    }

    /** INIT rows older than the cutoff: attempts that died or hang. */
    public List<StockClaim> staleInit(Instant cutoff, int limit) {
        return jdbc.sql("SELECT " + CLAIM + " FROM stock_log WHERE status = 'INIT' AND created_at < ? ORDER BY created_at LIMIT ?")
                .params(Timestamp.from(cutoff), limit).query(StockLog::claim).list();
    }

    /** Rolled-back or returned rows whose units the counter may not have got back yet. */
    public List<StockClaim> unreleased(Instant cutoff, int limit) {
        return jdbc.sql("SELECT " + CLAIM + " FROM stock_log WHERE counter_released = FALSE"
                + " AND status IN ('ROLLED_BACK', 'RETURNED') AND updated_at < ? LIMIT ?")
                .params(Timestamp.from(cutoff), limit).query(StockLog::claim).list();
    }

    /**
     * Settles an id that has no row at all (the process died before {@link #begin}): a ROLLED_BACK
     * tombstone, so a late {@code begin} for it fails instead of selling.
     */
    public void tombstone(StockClaim claim, Instant now) {
        jdbc.sql("""
                INSERT IGNORE INTO stock_log (order_id, item_id, promo_id, user_id, quantity, status, counter_released,
                                              created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'ROLLED_BACK', TRUE, ?, ?)""")
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

    /** The rows of these order ids, by order id; an id without a row is missing from the map. */
    public Map<Long, Entry> findAll(List<Long> orderIds) {
        var entries = new HashMap<Long, Entry>();
        jdbc.sql("SELECT order_id, status, created_at FROM stock_log WHERE order_id IN (:ids)").param("ids", orderIds)
                .query(rs -> {
                    entries.put(rs.getLong(1), new Entry(StockLogStatus.valueOf(rs.getString(2)), rs.getTimestamp(3).toInstant()));
                });
        return entries;
    }

    /** Rows of the item whose effect has not fully landed: undecided, or not yet in the database stock or the counter. */
    public long pendingCount(long itemId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM stock_log
                WHERE item_id = ? AND (status = 'INIT' OR (status = 'DONE' AND applied_to_db = FALSE)
                      OR (status IN ('ROLLED_BACK', 'RETURNED') AND counter_released = FALSE))""")
                .param(itemId).query(Long.class).single();
    }

    public long initCount(long itemId) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_log WHERE item_id = ? AND status = 'INIT'")
                .param(itemId).query(Long.class).single();
    }

    /** Units sold (DONE) whose deduction the consumer has not applied to the database stock yet. */
    public long unappliedUnits(long itemId) {
        return jdbc.sql("SELECT COALESCE(SUM(quantity), 0) FROM stock_log WHERE item_id = ? AND status = 'DONE' AND applied_to_db = FALSE")
                .param(itemId).query(Long.class).single();
    }

    /**
     * Moves the claims' rows that are still INIT ({@code set} says where to); returns how many moved. The
     * primary key is forced: several placers move their batches at once, and with a long id list and few
     * INIT rows the optimizer would rather scan the status index, locking every INIT row of every batch
     * in flight, and the placers would deadlock on each other.
     */
    private int moveAll(List<StockClaim> claims, String set) {
        return jdbc.sql("UPDATE stock_log FORCE INDEX (PRIMARY) SET " + set
                + ", updated_at = :now WHERE order_id IN (:ids) AND status = 'INIT'")
                .param("now", Timestamp.from(Instant.now())).param("ids", orderIds(claims)).update();
    }

    private static List<Long> orderIds(List<StockClaim> claims) {
        return claims.stream().map(StockClaim::orderId).toList();
    }

    private static StockClaim claim(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StockClaim(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getInt(5));
    }

    private boolean move(long orderId, StockLogStatus to) {
        return jdbc.sql("UPDATE stock_log SET status = ?, updated_at = ? WHERE order_id = ? AND status = 'INIT'")
                .params(to.name(), Timestamp.from(Instant.now()), orderId)
                .update() == 1;
    }

    public record Entry(StockLogStatus status, Instant createdAt) {
    }
}
