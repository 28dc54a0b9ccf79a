package io.seckill.stock;

/**
 * Redis key names of the stock pools, in one place, because Lua scripts in other features touch them too.
 *
 * <p>An item's stock is one pool split over one or more buckets ({@link StockPools}). On a Redis Cluster a
 * Lua script may touch keys of one hash slot only, and the slot of a key is the hash of its first
 * {@code {...}} part alone. So every key a buying script touches carries its bucket's hash tag: a bucket's
 * counter, its buyers and token counts per promo, and the tokens and captchas of the buyers whose home it is
 * live on one shard, while the other buckets and items spread over the shards. The tags are chosen on
 * purpose ({@link StockPools#spread}) and written down with the item ({@link #layout}). A key without the
 * tag in a script would fail on a cluster only ({@code CROSSSLOT}); the tests marked
 * {@code @AlsoOnRedisCluster} run every script on one.
 */
public final class StockKeys {

    private StockKeys() {
    }

    /** The hash tag of the item's first bucket, which is the whole stock when there is one bucket. */
    public static String firstTag(long itemId) {
        return "{item:" + itemId + "}";
    }

    /** The hash tags of the item's buckets, comma-separated, written once when the stock is first put in Redis. */
    public static String layout(long itemId) {
        return "stock-buckets:" + firstTag(itemId);
    }

    /** Units left in a bucket of the item's stock, shared by all its promos. */
    public static String counter(String bucketTag) {
        return "stock:" + bucketTag;
    }

    /** Who holds a live reservation in the promo among the buyers whose home is this bucket: userId -> orderId. */
    public static String buyers(String bucketTag, long promoId) {
        return "buyers:" + bucketTag + ":promo:" + promoId;
    }

    /** Units on their way out of a bucket to another: transferId -> "receiver:units". */
    public static String transfersOut(String bucketTag) {
        return "transfers-out:" + bucketTag;
    }

    /** How many transfers out of a bucket have started, ever: a reader sees whether one began while it read. */
    public static String transfersStarted(String bucketTag) {
        return "transfers-started:" + bucketTag;
    }

    /**
     * The transfers a bucket has received: transferId -> when (epoch ms), so that finishing one again never
     * credits it twice. One key per bucket, gone with the item's other keys.
     */
    public static String transfersIn(String bucketTag) {
        return "transfers-in:" + bucketTag;
    }
}
