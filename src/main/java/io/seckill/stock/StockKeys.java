package io.seckill.stock;

/** Redis key names of the stock pool, in one place, because Lua scripts in other features touch them too. */
public final class StockKeys {

    private StockKeys() {
    }

    /** Units left in the item's one stock pool, shared by all its promos. */
    public static String counter(long itemId) {
        return "stock:" + itemId;
    }

    /** Who holds a live reservation in the promo: userId -> orderId. */
    public static String buyers(long promoId) {
        return "promo:" + promoId + ":buyers";
    }
}
