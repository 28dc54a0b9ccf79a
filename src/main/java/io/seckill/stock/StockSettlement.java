package io.seckill.stock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Gives units back, exactly once, wherever an order did not happen or was cancelled: a stale INIT
 * row (its attempt died or hangs), a rolled-back row whose counter release failed, a cancelled order.
 * The broker's check-back, the order side and the reconciliation all settle through here.
 */
@Component
public class StockSettlement {

    private static final Logger log = LoggerFactory.getLogger(StockSettlement.class);

    private final StockLog stockLog;
    private final StockLedger ledger;
    private final ItemStock itemStock;

    StockSettlement(StockLog stockLog, StockLedger ledger, ItemStock itemStock) {
        this.stockLog = stockLog;
        this.ledger = ledger;
        this.itemStock = itemStock;
    }

    /**
     * Rolls a stale INIT row back and returns its units to the counter; if another party decided it
     * first, that decision stands. Returns the row's status afterwards.
     */
    public StockLogStatus settleStale(StockClaim claim) {
        if (stockLog.markRolledBack(claim.orderId())) {
            try {
                boolean returned = releaseCounter(claim);
                log.warn("Order {}: stuck in INIT past the grace period, rolled back (units {})", claim.orderId(),
                        returned ? "returned to the counter" : "had not been taken");
            } catch (TransientDataAccessException notYet) {
                // the row says ROLLED_BACK with the counter not released: the reconciliation returns the units
                log.warn("Order {}: stuck in INIT past the grace period, rolled back; units not returned yet ({})",
                        claim.orderId(), notYet.getMessage());
            }
        }
        return stockLog.find(claim.orderId()).map(StockLog.Entry::status).orElse(StockLogStatus.INIT);
    }

    /** Gives a rolled-back or returned claim's units back to the counter; true if this call returned them. */
    public boolean releaseCounter(StockClaim claim) {
        boolean returned = ledger.release(claim);
        stockLog.markCounterReleased(claim.orderId());
        return returned;
    }

    /**
     * Inside the transaction that cancels the order: DONE -> RETURNED, and the database stock gets the
     * units back if the consumer had taken them (if not, it never will: it only applies DONE rows).
     * The counter is released by {@link #releaseCounter} after the commit.
     */
    public boolean returnSold(StockClaim claim) {
        var applied = stockLog.markReturned(claim.orderId());
        if (applied.isEmpty()) {
            return false;
        }
        if (applied.get()) {
            itemStock.giveBack(claim.itemId(), claim.quantity());
        }
        return true;
    }
}
