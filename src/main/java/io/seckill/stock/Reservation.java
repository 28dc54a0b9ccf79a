package io.seckill.stock;

/** What the counter said to a request for units; {@code value} is the units left or the holder's order id. */
public record Reservation(Outcome outcome, long value) {

    public enum Outcome {
        RESERVED, SOLD_OUT, ALREADY_PURCHASED, NO_COUNTER;

        static Outcome ofCode(long code) {
            return values()[(int) code];
        }
    }

    static Reservation of(long code, long value) {
        return new Reservation(Outcome.ofCode(code), value);
    }

    public long unitsLeft() {
        return value;
    }

    public long holderOrderId() {
        return value;
    }
}
