package io.seckill.order.internal;

import java.time.Duration;

import io.seckill.order.Order;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.stock.Reservation;

/** How an attempt to place an order ended. */
sealed interface Placement {

    record Placed(Order order) implements Placement {
    }

    record Refused(Rejection rejection) implements Placement {
    }

    /** Why the counter said no, as the buyer is told; null when it reserved the units. */
    static Rejection refusalOf(Reservation reservation) {
        return switch (reservation.outcome()) {
            case RESERVED -> null;
            case SOLD_OUT -> Rejection.of(ProblemCode.SOLD_OUT, reservation.unitsLeft() == 0 ? "No units left"
                    : "Only " + reservation.unitsLeft() + " units left");
            case ALREADY_PURCHASED -> Rejection.of(ProblemCode.ALREADY_PURCHASED,
                    "You already hold an order in this promo").with("orderId", reservation.holderOrderId());
            case NO_COUNTER -> Rejection.of(ProblemCode.BUSY, "The sale's stock is being prepared; try again")
                    .retryAfter(Duration.ofSeconds(1));
            case UNITS_MOVING -> Rejection.of(ProblemCode.BUSY, "The last units are moving between the sale's stock "
                    + "buckets; try again").retryAfter(Duration.ofSeconds(1));
        };
    }
}
