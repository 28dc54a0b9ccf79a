package io.seckill.order;

import java.util.Map;

/** Order figures of a promo, for the sale dashboard. */
public interface OrderStatistics {

    Map<OrderStatus, Long> countsByStatus(long promoId);

    /** Units in live (UNPAID or PAID) orders. */
    long liveUnits(long promoId);
}
