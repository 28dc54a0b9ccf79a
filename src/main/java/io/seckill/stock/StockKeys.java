package io.seckill.stock;

/**
 * Redis key names of the stock pools, in one place, because Lua scripts in other features touch them too.
 *
 * <p>An item's stock is one pool split over one or more buckets ({@link StockPools}). On a Redis Cluster a
 * Lua script may touch keys of one hash slot only, and the slot of a key is the hash of its first
 * {@code {...}} part alone. So every key a buying script touches carries its bucket's hash tag, {@link #tag}:
 * a bucket's counter, its buyers and token counts per promo, and the tokens and captchas of the buyers whose
 * home it is live on one shard, while the other buckets and items spread over the shards. A key without the
 * tag in a script would fail on a cluster only ({@code CROSSSLOT}); the tests marked
 * {@code @AlsoOnRedisCluster} run every script on one.
 */
public final class StockKeys {

    private StockKeys() {
    }

    /** The hash tag of one bucket of the item's stock: bucket 0 is the whole pool when there is one bucket. */
    public static String tag(long itemId, int bucket) {
        return bucket == 0 ? "{item:" + itemId + "}" : "{item:" + itemId + ":" + bucket + "}";
    }

    /** Units left in a bucket of the item's stock, shared by all its promos. */
    public static String counter(long itemId, int bucket) {
        return "stock:" + tag(itemId, bucket);
    }

    /** Who holds a live reservation in the promo among the buyers whose home is this bucket: userId -> orderId. */
    public static String buyers(long itemId, int bucket, long promoId) {
        return "buyers:" + tag(itemId, bucket) + ":promo:" + promoId;
    }

    /** How many buckets the item's stock is split over, written once when the stock is first put in Redis. */
    public static String layout(long itemId) {
        return "stock-buckets:" + tag(itemId, 0);
    }

    /** Units on their way out of a bucket to another: transferId -> "receiver:units". */
    public static String transfersOut(long itemId, int bucket) {
        return "transfers-out:" + tag(itemId, bucket);
    }

    /** Marks a transfer as received by a bucket, so that finishing it again never credits it twice. */
    public static String transferIn(long itemId, int bucket, String transferId) {
        return "transfer-in:" + tag(itemId, bucket) + ":" + transferId;
    }
}
