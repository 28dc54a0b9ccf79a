package io.seckill.order;

import java.util.Map;

/** Order figures, for the sale dashboard and the reconciliation. */
public interface OrderStatistics {

    Map<OrderStatus, Long> countsByStatus(long promoId);

    /** Units in live (UNPAID or PAID) orders. */
    long liveUnits(long promoId);

    /** Units in live orders of all promos of an item. */
    long liveUnitsOfItem(long itemId);

    /** Who holds a live order in the promo: userId -> orderId. */
    Map<Long, Long> liveBuyers(long promoId);
}
