package io.seckill.order.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to order placement: at most {@code workers + queue} orders in the intake at once (placing
 * or waiting for a worker); anyone beyond that is turned away at once. Counted here rather than by the
 * pool's bounded queue, which refused a burst at the opening second bigger than the queue before its
 * idle workers had taken their first task.
 */
final class PlacementSlots {

    private final int capacity;
    private final AtomicInteger admitted = new AtomicInteger();

    PlacementSlots(int workers, int queue) {
        this.capacity = workers + queue;
    }

    /** Takes a slot; false, at once, when every one is taken. */
    boolean enter() {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            return false;
        }
        return true;
    }

    void leave() {
        admitted.decrementAndGet();
    }
}
