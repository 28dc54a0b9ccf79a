package io.seckill.order.internal;

import io.seckill.order.Order;
import io.seckill.platform.web.Rejection;

/** How an attempt to place an order ended. */
sealed interface Placement {

    record Placed(Order order) implements Placement {
    }

    record Refused(Rejection rejection) implements Placement {
    }
}
