package io.seckill.order.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seckill.catalog.Catalog;
import io.seckill.catalog.Promo;
import io.seckill.gate.PromoGate;
import io.seckill.order.Order;
import io.seckill.order.OrderProperties;
import io.seckill.order.OrderStatus;
import io.seckill.platform.id.IdBlocks;
import io.seckill.platform.metrics.RejectionTally;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.stock.SoldOutBoard;
import io.seckill.user.Caller;
import io.seckill.user.CurrentUser;

/**
 * The front door of buying. Cheap checks first (promo open, sold out: from memory), then a pool of
 * workers behind a fixed number of slots: when every worker is busy and every waiting slot taken the
 * request is turned away with BUSY at once, its token left usable, instead of waiting in an ever
 * longer line. Placement runs on platform threads: the drivers it blocks in are not all friendly to
 * virtual threads, and two pinned carriers would stop the whole node.
 */
@Component
class OrderIntake implements DisposableBean {

    private final Catalog catalog;
    private final SoldOutBoard soldOut;
    private final PromoGate gate;
    private final IdBlocks ids;
    private final OrderTransactions transactions;
    private final RejectionTally tally;
    private final ThreadPoolExecutor workers;
    private final PlacementSlots slots;
    private final Timer placementTimer;
    private final Counter placedCounter;

    OrderIntake(Catalog catalog, SoldOutBoard soldOut, PromoGate gate, IdBlocks ids, OrderTransactions transactions,
            RejectionTally tally, OrderProperties properties, MeterRegistry meters) {
        this.catalog = catalog;
        this.soldOut = soldOut;
        this.gate = gate;
        this.ids = ids;
        this.transactions = transactions;
        this.tally = tally;
        // The queue never holds more than the slots let in; the slots, not the queue, say BUSY.
        this.workers = new ThreadPoolExecutor(properties.workers(), properties.workers(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name("order-worker-", 0).factory());
        workers.prestartAllCoreThreads();
        this.slots = new PlacementSlots(properties.workers(), properties.queue());
        this.placementTimer = Timer.builder("seckill.order.placement").register(meters);
        this.placedCounter = meters.counter("seckill.orders.placed");
        meters.gauge("seckill.order.queue", workers, pool -> pool.getQueue().size());
    }

    /**
     * The buyer's session is looked up only after the checks that memory can answer, so that after a
     * sell-out the flood is turned away without a single Redis call.
     */
    Placement place(Caller caller, long promoId, int quantity, String token) {
        var promo = catalog.promo(promoId).filter(p -> p.isOpen(Instant.now())).orElse(null);
        if (promo == null) {
            return refuse(promoId, Rejection.of(ProblemCode.PROMO_NOT_ACTIVE,
                    "The promo does not exist, has not started, has ended, or is not published"));
        }
        if (quantity > promo.perUserLimit()) {
            return refuse(promoId, Rejection.invalidField("quantity", "must be at most " + promo.perUserLimit()));
        }
        if (soldOut.isSoldOut(promo.itemId())) {
            return refuse(promoId, Rejection.of(ProblemCode.SOLD_OUT, "No units left"));
        }
        var buyer = caller.require();
        if (!slots.enter()) {
            if (gate.isValid(token, buyer.id(), promoId)) {
                return refuse(promoId, Rejection.of(ProblemCode.BUSY, "Too many orders at once; retry shortly")
                        .retryAfter(Duration.ofSeconds(1)));
            }
            gate.consume(token, buyer.id(), promoId);
            return refuse(promoId, invalidToken());
        }
        try {
            return workers.submit(() -> placementTimer.record(() -> placeWithToken(buyer, promo, quantity, token))).get();
        } catch (RejectedExecutionException shuttingDown) {
            return refuse(promoId, Rejection.of(ProblemCode.BUSY, "The node is shutting down; retry")
                    .retryAfter(Duration.ofSeconds(1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while placing an order", e);
        } catch (ExecutionException e) {
            // nothing was deducted (placement settles its own failures): let the error handling answer it
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("order placement failed", e.getCause());
        } finally {
            slots.leave();
        }
    }

    private Placement placeWithToken(CurrentUser buyer, Promo promo, int quantity, String token) {
        var taken = gate.take(token, buyer.id(), promo.id()).orElse(null);
        if (taken == null) {
            return refuse(promo.id(), invalidToken());
        }
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var unitPrice = promo.promoPrice();
        var draft = new Order(ids.next("orders"), buyer.id(), promo.itemId(), promo.id(), quantity, unitPrice,
                unitPrice.multiply(BigDecimal.valueOf(quantity)), OrderStatus.UNPAID, now,
                now.plus(Duration.ofMinutes(promo.paymentMinutes())));
        Placement placement;
        try {
            placement = transactions.place(draft);
        } catch (RuntimeException backendDown) {
            // Answered BUSY (503) by the error handling; nothing was deducted, or it was given back.
            gate.handBack(taken);
            throw backendDown;
        }
        if (placement instanceof Placement.Refused refused && refused.rejection().code() == ProblemCode.BUSY) {
            gate.handBack(taken); // the broker or the counter was not there: the buyer may retry with this token
        }
        switch (placement) {
            case Placement.Refused refused -> tally.count("order", promo.id(), refused.rejection().code());
            case Placement.Placed placed -> placedCounter.increment();
        }
        return placement;
    }

    private Placement refuse(long promoId, Rejection rejection) {
        tally.count("order", promoId, rejection.code());
        return new Placement.Refused(rejection);
    }

    private static Rejection invalidToken() {
        return Rejection.of(ProblemCode.TOKEN_INVALID,
                "The promo token is missing, wrong, expired, used, or was issued to someone else");
    }

    /** Orders waiting for a worker right now. */
    int waiting() {
        return workers.getQueue().size();
    }

    @Override
    public void destroy() {
        workers.shutdown();
    }
}
