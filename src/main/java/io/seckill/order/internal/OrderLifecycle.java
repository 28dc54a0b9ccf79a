package io.seckill.order.internal;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.order.Order;
import io.seckill.stock.StockClaim;
import io.seckill.stock.StockSettlement;

/**
 * What happens to an order after it is placed: paid, cancelled by its buyer, or cancelled for not
 * being paid in time. Each cancellation returns the units exactly once: the status moves
 * UNPAID -> CANCELLED by compare-and-set, so among racing payments, cancellations and expiries only
 * one wins, and only the winner gives units back (database in the same transaction, counter after).
 */
@Component
class OrderLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderLifecycle.class);

    private final OrderStore orders;
    private final StockSettlement settlement;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;

    OrderLifecycle(OrderStore orders, StockSettlement settlement, PlatformTransactionManager transactions,
            MeterRegistry meters) {
        this.orders = orders;
        this.settlement = settlement;
        this.transaction = new TransactionTemplate(transactions);
        this.meters = meters;
    }

    boolean pay(Order order) {
        boolean paid = orders.markPaid(order.id(), Instant.now());
        if (paid) {
            meters.counter("seckill.orders.paid").increment();
        }
        return paid;
    }

    /** True if this call cancelled the order (and so returned its units). */
    boolean cancel(Order order, String reason) {
        var claim = new StockClaim(order.id(), order.itemId(), order.promoId(), order.userId(), order.quantity());
        Boolean cancelled = transaction.execute(status -> {
            if (!orders.markCancelled(order.id())) {
                return false;
            }
            if (!settlement.returnSold(claim)) {
                throw new IllegalStateException("order " + order.id() + " has no DONE stock-log row to return");
            }
            return true;
        });
        if (!Boolean.TRUE.equals(cancelled)) {
            return false;
        }
        meters.counter("seckill.orders.cancelled", "reason", reason).increment();
        try {
            settlement.releaseCounter(claim);
        } catch (TransientDataAccessException e) {
            log.warn("Order {} cancelled; its units reach the counter at the next reconciliation ({})", order.id(),
                    e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Order {} cancelled; its units reach the counter at the next reconciliation", order.id(), e);
        }
        return true;
    }
}
