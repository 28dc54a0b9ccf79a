package io.seckill.order.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.seckill.stock.Reservation;
import io.seckill.stock.StockClaim;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockLog;
import io.seckill.stock.StockLogStatus;
import io.seckill.stock.StockSettlement;

/**
 * The local transaction of a batch of orders, run by the broker's client once the half message naming
 * every claim of the batch is stored ({@link OrderMessages}): it records the intent (a stock-log row INIT
 * per order, one statement), takes the units from the counter (one Lua call) and writes the orders with
 * their log rows DONE in one database transaction. The message, once committed, tells the stock consumer
 * to decrement the database. If this process dies anywhere in between, the broker asks
 * {@link #checkLocalTransaction} and the stock log answers, row by row. One message, two commits and two
 * Redis calls per batch instead of per order is what lets a node sell thousands of units a second.
 */
@Component
class OrderTransactions implements TransactionListener {

    private static final Logger log = LoggerFactory.getLogger(OrderTransactions.class);

    private final StockLedger ledger;
    private final StockLog stockLog;
    private final StockSettlement settlement;
    private final OrderStore orders;
    private final TransactionTemplate transaction;
    private final OrderCheckBack checkBack;

    OrderTransactions(StockLedger ledger, StockLog stockLog, StockSettlement settlement, OrderStore orders,
            PlatformTransactionManager transactions, OrderCheckBack checkBack) {
        this.ledger = ledger;
        this.stockLog = stockLog;
        this.settlement = settlement;
        this.orders = orders;
        this.transaction = new TransactionTemplate(transactions);
        this.checkBack = checkBack;
    }

    @Override
    public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
        var batch = (OrderBatch) argument;
        if (batch.rehearsal) {
            // The same code as a real batch, inside one database transaction that is rolled back: the
            // statements and the transaction they would commit join it.
            transaction.executeWithoutResult(status -> {
                execute(batch);
                status.setRollbackOnly();
            });
            return LocalTransactionState.ROLLBACK_MESSAGE;
        }
        return execute(batch);
    }

    private LocalTransactionState execute(OrderBatch batch) {
        List<StockClaim> begun;
        try {
            begun = stockLog.beginAll(batch.claims, Instant.now());
        } catch (RuntimeException e) {
            // nothing was taken; rows that may have been written are rolled back by the check-back
            log.warn("Orders {}..: the stock log could not be written", batch.firstOrderId(), e);
            return LocalTransactionState.UNKNOW;
        }
        if (begun.size() < batch.claims.size()) {
            var recorded = new HashSet<>(begun);
            batch.claims.stream().filter(claim -> !recorded.contains(claim))
                    .forEach(claim -> batch.answer(claim, OrderBatch.busy("The order attempt was abandoned; try again")));
        }
        if (begun.isEmpty()) {
            return LocalTransactionState.ROLLBACK_MESSAGE;
        }
        List<Reservation> reservations;
        try {
            reservations = ledger.reserveAll(begun);
        } catch (RuntimeException e) {
            // the script may or may not have run: the stock log decides, as for any later failure
            settleFailure(batch, begun, e);
            return batch.verdict();
        }
        var refused = new ArrayList<StockClaim>();
        var writable = new ArrayList<StockClaim>();
        for (int i = 0; i < begun.size(); i++) {
            var claim = begun.get(i);
            var refusal = Placement.refusalOf(reservations.get(i));
            if (refusal == null) {
                writable.add(claim);
            } else {
                refused.add(claim);
                batch.answer(claim, new Placement.Refused(refusal));
            }
        }
        try {
            write(batch, refused, writable);
        } catch (DataIntegrityViolationException | DecidedElsewhere oneOrderRefused) {
            // One order the database refuses, or the check-back rolled back, must not fail the others:
            // write them one by one.
            log.warn("Orders {}..: the batch could not be written; writing its orders one by one",
                    batch.firstOrderId(), oneOrderRefused);
            markRefusedQuietly(refused);
            for (var claim : writable) {
                try {
                    write(batch, List.of(), List.of(claim));
                } catch (RuntimeException e) {
                    settleFailure(batch, List.of(claim), e);
                }
            }
        } catch (RuntimeException databaseAway) {
            // Nothing to gain from trying each order again: settle them together, in two statements.
            settleFailure(batch, writable, databaseAway);
        }
        return batch.verdict();
    }

    /** The refused rows go ROLLED_BACK and the orders are written with their rows DONE, in one transaction. */
    private void write(OrderBatch batch, List<StockClaim> refused, List<StockClaim> writable) {
        if (refused.isEmpty() && writable.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            if (!refused.isEmpty()) {
                stockLog.markAllRefused(refused);
            }
            if (!writable.isEmpty()) {
                orders.insertAll(writable.stream().map(batch::draft).toList());
                if (!stockLog.markAllDone(writable)) {
                    throw new DecidedElsewhere(writable.getFirst().orderId());
                }
            }
        });
        for (var claim : writable) {
            batch.answer(claim, new Placement.Placed(batch.draft(claim)));
        }
    }

    private void markRefusedQuietly(List<StockClaim> refused) {
        if (refused.isEmpty()) {
            return;
        }
        try {
            stockLog.markAllRefused(refused);
        } catch (RuntimeException e) {
            // left INIT: the check-back or the reconciliation rolls them back; their release changes nothing
            log.warn("Orders {}..: refused rows not marked; the check-back will", refused.getFirst().orderId(), e);
        }
    }

    /**
     * Something failed after the claims' log rows were written. Whatever the stock log says now is the
     * truth, claim by claim: DONE means the order was written after all; ROLLED_BACK means the units
     * must go back (release is guarded, so a second release by the check-back changes nothing); still
     * INIT means the database cannot be reached, and the check-back settles it later.
     */
    private void settleFailure(OrderBatch batch, List<StockClaim> claims, RuntimeException cause) {
        if (claims.isEmpty()) {
            return;
        }
        log.warn("Orders {}..: local transaction failed for {} order(s), settling them from the stock log",
                claims.getFirst().orderId(), claims.size(), cause);
        Map<Long, StockLog.Entry> entries;
        try {
            stockLog.markAllRolledBack(claims);
            entries = stockLog.findAll(claims.stream().map(StockClaim::orderId).toList());
        } catch (RuntimeException e) {
            log.warn("Orders {}..: cannot settle now; the broker's check-back will", claims.getFirst().orderId(), e);
            claims.forEach(batch::undecided);
            return;
        }
        for (var claim : claims) {
            var entry = entries.get(claim.orderId());
            switch (entry == null ? StockLogStatus.INIT : entry.status()) {
                case DONE -> batch.answer(claim, new Placement.Placed(batch.draft(claim)));
                case ROLLED_BACK, RETURNED -> {
                    releaseQuietly(claim);
                    batch.answer(claim, OrderBatch.busy("The order could not be completed and nothing was taken; try again"));
                }
                case INIT -> batch.undecided(claim);
            }
        }
    }

    private void releaseQuietly(StockClaim claim) {
        try {
            settlement.releaseCounter(claim);
        } catch (RuntimeException e) {
            // the row is ROLLED_BACK with its counter not released: the reconciliation gives the units back
            log.warn("Order {}: units not returned to the counter yet; the reconciliation will", claim.orderId(), e);
        }
    }

    /** The broker asks about a batch it heard nothing final about: the stock log answers. */
    @Override
    public LocalTransactionState checkLocalTransaction(MessageExt message) {
        return checkBack.decide(message);
    }

    /** Some rows of a batch were no longer INIT when its orders were written: a check-back rolled them back. */
    private static final class DecidedElsewhere extends RuntimeException {
        DecidedElsewhere(long firstOrderId) {
            super("orders of " + firstOrderId + ".. were rolled back by the check-back", null, false, false);
        }
    }
}
