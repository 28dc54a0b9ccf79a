package io.seckill.stock;

/**
 * Redis key names of the stock pool, in one place, because Lua scripts in other features touch them too.
 *
 * <p>On a Redis Cluster a Lua script may touch keys of one hash slot only, and the slot of a key is the hash
 * of its first {@code {...}} part alone. So every key a buying script touches carries its stock pool's hash
 * tag, {@link #tag}: an item's counter, its promos' buyers and token counts, and the tokens and captchas of
 * its buyers live on one shard, while different items spread over the shards. A key without the tag in a
 * script would fail on a cluster only ({@code CROSSSLOT}); {@code RedisClusterScriptsTests} runs every
 * script on one.
 */
public final class StockKeys {

    private StockKeys() {
    }

    /** The hash tag of the item's stock pool: every key of a buying script contains it. */
    public static String tag(long itemId) {
        return "{item:" + itemId + "}";
    }

    /** Units left in the item's one stock pool, shared by all its promos. */
    public static String counter(long itemId) {
        return "stock:" + tag(itemId);
    }

    /** Who holds a live reservation in the promo (of that item): userId -> orderId. */
    public static String buyers(long itemId, long promoId) {
        return "buyers:" + tag(itemId) + ":promo:" + promoId;
    }
}
