package io.seckill.stock;

import java.util.Map;

import io.seckill.platform.redis.ScriptAnswers;

/** What the counter said to a request for units; {@code value} is the units left or the holder's order id. */
public record Reservation(Outcome outcome, long value) {

    /** The answers of reserve_all.lua, by the codes the script returns for them, and one of the ledger's own. */
    public enum Outcome {
        RESERVED, SOLD_OUT, ALREADY_PURCHASED, NO_COUNTER,
        /**
         * Not a script's answer but the ledger's: the buyer's home bucket stayed dry through every refill while
         * units are still in another bucket or on their way between two (another buyer's refill took them).
         * Not sold out: the buyer may try again.
         */
        UNITS_MOVING;

        private static final ScriptAnswers<Outcome> RESERVE_ALL = ScriptAnswers.of("reserve_all.lua",
                Map.of(0, RESERVED, 1, SOLD_OUT, 2, ALREADY_PURCHASED, 3, NO_COUNTER));
    }

    static Reservation of(long code, long value) {
        return new Reservation(Outcome.RESERVE_ALL.decode(code), value);
    }

    public long unitsLeft() {
        return value;
    }

    public long holderOrderId() {
        return value;
    }
}
