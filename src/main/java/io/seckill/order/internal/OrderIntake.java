package io.seckill.order.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seckill.catalog.Catalog;
import io.seckill.catalog.Promo;
import io.seckill.gate.PromoGate;
import io.seckill.order.Order;
import io.seckill.order.OrderProperties;
import io.seckill.order.OrderStatus;
import io.seckill.platform.RehearsalIds;
import io.seckill.platform.id.IdBlocks;
import io.seckill.platform.metrics.RejectionTally;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.stock.SoldOutBoard;
import io.seckill.user.Caller;

/**
 * The front door of buying. Cheap checks first (promo open, sold out: from memory), then a fixed
 * number of slots: when every slot is taken the request is turned away with BUSY at once, its token
 * left usable, instead of waiting in an ever longer line. An admitted order is placed in a batch
 * with the others that arrived meanwhile ({@link OrderBatcher}): its token taken, its id drawn and
 * the batch handed to {@link OrderMessages}.
 */
@Component
class OrderIntake implements DisposableBean {

    private static final Rejection NOT_ACTIVE = Rejection.of(ProblemCode.PROMO_NOT_ACTIVE,
            "The promo does not exist, has not started, has ended, or is not published");

    private final Catalog catalog;
    private final SoldOutBoard soldOut;
    private final PromoGate gate;
    private final IdBlocks ids;
    private final OrderMessages messages;
    private final RejectionTally tally;
    private final OrderBatcher batcher;
    private final PlacementSlots slots;
    private final Timer placementTimer;
    private final Counter placedCounter;
    private final DistributionSummary batchSizes;
    private final AtomicLong rehearsalIds = new AtomicLong();

    OrderIntake(Catalog catalog, SoldOutBoard soldOut, PromoGate gate, IdBlocks ids, OrderMessages messages,
            RejectionTally tally, OrderProperties properties, MeterRegistry meters) {
        this.catalog = catalog;
        this.soldOut = soldOut;
        this.gate = gate;
        this.ids = ids;
        this.messages = messages;
        this.tally = tally;
        this.slots = new PlacementSlots(properties.queue());
        this.placementTimer = Timer.builder("seckill.order.placement")
                .description("From an order's admission to its answer, as the placer gives it").register(meters);
        this.placedCounter = meters.counter("seckill.orders.placed");
        this.batchSizes = DistributionSummary.builder("seckill.order.batch.size").register(meters);
        this.batcher = new OrderBatcher(properties.workers(), properties.batchSize(), this::placeBatch);
        meters.gauge("seckill.order.queue", batcher, OrderBatcher::waiting);
    }

    /**
     * The buyer's session is looked up only after the checks that memory can answer, so that after a
     * sell-out the flood is turned away without a single Redis call.
     */
    Placement place(Caller caller, long promoId, int quantity, String token) {
        var promo = catalog.promo(promoId).orElse(null);
        var refused = refusalFromMemory(promoId, promo, quantity);
        if (refused != null) {
            return refused;
        }
        var buyer = caller.require();
        if (!promo.visibleTo(buyer.id())) {
            return refuse(promoId, NOT_ACTIVE);
        }
        if (!slots.enter()) {
            if (gate.isValid(token, buyer.id(), promo)) {
                return refuse(promoId, Rejection.of(ProblemCode.BUSY, "Too many orders at once; retry shortly")
                        .retryAfter(Duration.ofSeconds(1)));
            }
            gate.consume(token, buyer.id(), promo);
            return refuse(promoId, invalidToken());
        }
        try {
            return batcher.submit(new OrderBatcher.Request(buyer, promo, quantity, token)).get();
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
            // No rehearsal branch on this, the buyers' thread: one the node's rehearsal always took the same way
            // is compiled as a trap, and the first real sale then threw away the compiled code of the whole
            // order request, once per order in flight (BENCHMARKS.md). The placer times the placements.
            slots.leave();
        }
    }

    /**
     * The refusal that memory alone gives an order for this promo and quantity (the promo not open, more
     * than a buyer may have, sold out), counted as {@link #place} counts it; empty when the answer needs
     * the buyer. {@link OrderDoor} asks this before Spring MVC has read the request.
     */
    Optional<Placement.Refused> refusalFromMemory(long promoId, int quantity) {
        return Optional.ofNullable(refusalFromMemory(promoId, catalog.promo(promoId).orElse(null), quantity));
    }

    /** {@code promo} is the one of that id, open or not; null if there is none. */
    private Placement.Refused refusalFromMemory(long promoId, Promo promo, int quantity) {
        if (promo == null) {
            // Only a promo that exists has a tally: counting made-up ids would let anyone grow it, and Redis,
            // without bound.
            return new Placement.Refused(NOT_ACTIVE);
        }
        if (!promo.isOpen(Instant.now())) {
            return refuse(promoId, NOT_ACTIVE);
        }
        if (quantity > promo.perUserLimit()) {
            return refuse(promoId, Rejection.invalidField("quantity", "must be at most " + promo.perUserLimit()));
        }
        if (soldOut.isSoldOut(promo.itemId())) {
            return refuse(promoId, Rejection.of(ProblemCode.SOLD_OUT, "No units left"));
        }
        return null;
    }

    /** A node's rehearsal is placed apart from real orders, should both ever wait in one batch. */
    private void placeBatch(List<OrderBatcher.Request> batch) {
        var rehearsal = batch.stream().filter(request -> request.promo().rehearsal()).toList();
        if (rehearsal.isEmpty()) {
            placeBatch(batch, false);
            return;
        }
        var real = batch.stream().filter(request -> !request.promo().rehearsal()).toList();
        try {
            if (!real.isEmpty()) {
                placeBatch(real, false);
            }
        } finally {
            placeBatch(rehearsal, true);
        }
    }

    /**
     * Answers every request of the batch: tokens taken in one call, then one transactional placement;
     * a rehearsal's batch goes the same way but is undone ({@link OrderMessages#rehearse}) and counted nowhere.
     */
    private void placeBatch(List<OrderBatcher.Request> batch, boolean rehearsal) {
        if (!rehearsal) {
            batchSizes.record(batch.size());
        }
        var taken = gate.takeAll(batch.stream()
                .map(request -> new PromoGate.Presented(request.token(), request.buyer().id(), request.promo()))
                .toList());
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var admitted = new ArrayList<OrderBatcher.Request>(batch.size());
        var tokens = new ArrayList<PromoGate.TakenToken>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            var request = batch.get(i);
            if (taken.get(i).isEmpty()) {
                answer(request, refuse(request.promo().id(), invalidToken()), rehearsal);
            } else {
                admitted.add(request);
                tokens.add(taken.get(i).get());
            }
        }
        if (admitted.isEmpty()) {
            return;
        }
        List<Placement> placements;
        try {
            // ids may need the database (a new block): drawn here, so that a failure hands the tokens back too
            var drafts = admitted.stream().map(request -> draft(request, now)).toList();
            placements = rehearsal ? messages.rehearse(drafts) : messages.place(drafts);
        } catch (RuntimeException backendDown) {
            // Answered BUSY (503) by the error handling; nothing was deducted, or it was given back.
            tokens.forEach(gate::handBack);
            throw backendDown;
        }
        for (int i = 0; i < admitted.size(); i++) {
            var placement = placements.get(i);
            switch (placement) {
                case Placement.Refused refused -> {
                    if (refused.rejection().code() == ProblemCode.BUSY) {
                        gate.handBack(tokens.get(i)); // the broker or the counter was not there: the buyer may retry with this token
                    }
                    tally.count("order", admitted.get(i).promo().id(), refused.rejection().code());
                }
                case Placement.Placed placed -> {
                    if (!rehearsal) {
                        placedCounter.increment();
                    }
                }
            }
            answer(admitted.get(i), placement, rehearsal);
        }
    }

    private void answer(OrderBatcher.Request request, Placement placement, boolean rehearsal) {
        request.answer().complete(placement);
        if (!rehearsal) {
            placementTimer.record(System.nanoTime() - request.admittedAt(), TimeUnit.NANOSECONDS);
        }
    }

    private Order draft(OrderBatcher.Request request, Instant now) {
        var promo = request.promo();
        var unitPrice = promo.promoPrice();
        long id = promo.rehearsal() ? RehearsalIds.of(rehearsalIds.incrementAndGet()) : ids.next("orders");
        return new Order(id, request.buyer().id(), promo.itemId(), promo.id(), request.quantity(), unitPrice,
                unitPrice.multiply(BigDecimal.valueOf(request.quantity())), OrderStatus.UNPAID, now,
                now.plus(Duration.ofMinutes(promo.paymentMinutes())));
    }

    private Placement.Refused refuse(long promoId, Rejection rejection) {
        tally.count("order", promoId, rejection.code());
        return new Placement.Refused(rejection);
    }

    private static Rejection invalidToken() {
        return Rejection.of(ProblemCode.TOKEN_INVALID,
                "The promo token is missing, wrong, expired, used, or was issued to someone else");
    }

    /** Orders waiting for a placer right now. */
    int waiting() {
        return batcher.waiting();
    }

    /** Orders in the intake right now, waiting or being placed. */
    int admitted() {
        return slots.taken();
    }

    @Override
    public void destroy() {
        batcher.close();
    }
}
