package io.seckill.order.internal;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Cancels UNPAID orders past their pay-by time. A durable scan rather than a delayed message: the
 * orders table is the truth, so a scan cannot lose a timer when the broker or a node dies, needs no
 * state of its own, and every node may run it (the compare-and-set lets one of them win per order).
 */
@Component
class OrderExpiry {

    private static final Logger log = LoggerFactory.getLogger(OrderExpiry.class);
    private static final int BATCH = 500;

    private final OrderStore orders;
    private final OrderLifecycle lifecycle;

    OrderExpiry(OrderStore orders, OrderLifecycle lifecycle) {
        this.orders = orders;
        this.lifecycle = lifecycle;
    }

    @Scheduled(fixedDelayString = "${seckill.order.expiry-scan:5s}")
    void cancelOverdue() {
        try {
            for (var order : orders.overdue(Instant.now(), BATCH)) {
                if (lifecycle.cancel(order, "expired")) {
                    log.info("Order {} was not paid by {} and is cancelled", order.id(), order.payBy());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Expiry scan failed; the next one retries", e);
        }
    }
}
