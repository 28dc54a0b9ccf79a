package io.seckill.order.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to order placement: at most {@code capacity} orders in the intake at once (placing or
 * waiting for a placer); anyone beyond that is turned away at once.
 */
final class PlacementSlots {

    private final int capacity;
    private final AtomicInteger admitted = new AtomicInteger();

    PlacementSlots(int capacity) {
        this.capacity = capacity;
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

    int taken() {
        return Math.min(admitted.get(), capacity);
    }
}
