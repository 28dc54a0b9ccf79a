package io.seckill.order.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.seckill.catalog.Promo;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.user.CurrentUser;

/**
 * Where admitted orders wait to be placed, and the threads that place them in batches. A placer that
 * gets free takes every order waiting, up to the batch size, and places them together. Nothing ever
 * waits for a batch to fill: under light load a batch is one order, and at a sale's opening second
 * the batches grow by themselves, so that the round trips per order shrink as the load rises.
 * Placement runs on platform threads: the drivers it blocks in are not all friendly to virtual
 * threads, and two pinned carriers would stop the whole node.
 */
final class OrderBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OrderBatcher.class);
    /** How long an idle placer waits before it looks whether the intake was closed. */
    private static final Duration IDLE_LOOK = Duration.ofMillis(200);

    /** An order waiting to be placed, since when ({@link System#nanoTime}), and where its answer goes. */
    record Request(CurrentUser buyer, Promo promo, int quantity, String token, long admittedAt,
            CompletableFuture<Placement> answer) {
        Request(CurrentUser buyer, Promo promo, int quantity, String token) {
            this(buyer, promo, quantity, token, System.nanoTime(), new CompletableFuture<>());
        }
    }

    private final BlockingQueue<Request> waiting = new LinkedBlockingQueue<>();
    private final int batchSize;
    private final Consumer<List<Request>> placeBatch;
    private final List<Thread> placers = new ArrayList<>();
    private volatile boolean closed;

    /** {@code placeBatch} answers every request of the batch it is given, or throws. */
    OrderBatcher(int placers, int batchSize, Consumer<List<Request>> placeBatch) {
        this.batchSize = batchSize;
        this.placeBatch = placeBatch;
        var factory = Thread.ofPlatform().name("order-placer-", 0).daemon().factory();
        for (int i = 0; i < placers; i++) {
            var placer = factory.newThread(this::placeWhileOpen);
            this.placers.add(placer);
            placer.start();
        }
    }

    CompletableFuture<Placement> submit(Request request) {
        if (closed) {
            request.answer().complete(shuttingDown());
        } else {
            waiting.add(request);
            if (closed && waiting.remove(request)) {
                request.answer().complete(shuttingDown()); // closed meanwhile: no placer may be left to take it
            }
        }
        return request.answer();
    }

    /** Orders waiting for a placer right now. */
    int waiting() {
        return waiting.size();
    }

    private void placeWhileOpen() {
        var batch = new ArrayList<Request>(batchSize);
        while (!closed) {
            Request first;
            try {
                first = waiting.poll(IDLE_LOOK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first != null) {
                batch.add(first);
                waiting.drainTo(batch, batchSize - 1);
                place(batch);
                batch.clear();
            }
        }
    }

    private void place(List<Request> batch) {
        try {
            placeBatch.accept(List.copyOf(batch));
        } catch (RuntimeException | Error e) {
            log.warn("A batch of {} orders failed", batch.size(), e);
            batch.forEach(request -> request.answer().completeExceptionally(e));
        }
        for (var request : batch) {
            if (!request.answer().isDone()) {
                request.answer().completeExceptionally(new IllegalStateException("order left unanswered by its batch"));
            }
        }
    }

    /** Lets the batches being placed finish; orders still waiting are answered BUSY, their tokens untouched. */
    @Override
    public void close() {
        closed = true;
        answerWaitingBusy();
        for (var placer : placers) {
            try {
                placer.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        answerWaitingBusy(); // taken in while the last batches finished
    }

    private void answerWaitingBusy() {
        var left = new ArrayList<Request>();
        waiting.drainTo(left);
        left.forEach(request -> request.answer().complete(shuttingDown()));
    }

    private static Placement shuttingDown() {
        return new Placement.Refused(Rejection.of(ProblemCode.BUSY, "The node is shutting down; retry")
                .retryAfter(Duration.ofSeconds(1)));
    }
}
