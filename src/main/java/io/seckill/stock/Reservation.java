package io.seckill.stock;

import java.util.List;

/** What the counter said to a request for units; {@code value} is the units left or the holder's order id. */
public record Reservation(Outcome outcome, long value) {

    public enum Outcome {
        RESERVED, SOLD_OUT, ALREADY_PURCHASED, NO_COUNTER;

        static Outcome ofCode(long code) {
            return values()[(int) code];
        }
    }

    static Reservation of(List<Long> reply) {
        return new Reservation(Outcome.ofCode(reply.get(0)), reply.get(1));
    }

    public long unitsLeft() {
        return value;
    }

    public long holderOrderId() {
        return value;
    }
}
