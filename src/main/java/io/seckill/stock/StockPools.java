package io.seckill.stock;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * How an item's stock is split into buckets, and which bucket is a buyer's home. A buyer is always served by
 * their home bucket: their per-user check, their reservation, their token and their captcha all live in its
 * slot, so each buying step stays one Lua call and no buyer can hold two orders through two buckets. A bucket
 * that runs dry while others hold units is refilled from them ({@link StockLedger}).
 *
 * <p>The split is written to Redis when the stock is first put there and read by every node from then on, so
 * nodes with different settings still agree; a node remembers it for a few seconds.
 */
@Component
public class StockPools {

    private final StringRedisTemplate redis;
    private final int defaultBuckets;
    private final LoadingCache<Long, Integer> layouts;

    StockPools(StringRedisTemplate redis, StockProperties properties) {
        this.redis = redis;
        this.defaultBuckets = properties.buckets();
        this.layouts = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000)
                .build(this::readLayout);
    }

    /** How many buckets the item's stock is split over. */
    public int buckets(long itemId) {
        return layouts.get(itemId);
    }

    /** The buyer's home bucket in the item's stock. */
    public int home(long itemId, long userId) {
        return bucketOf(userId, buckets(itemId));
    }

    /** The hash tag of the buyer's home bucket: the slot of everything a buying step of theirs touches. */
    public String homeTag(long itemId, long userId) {
        return StockKeys.tag(itemId, home(itemId, userId));
    }

    /** Every bucket's hash tag, bucket 0 first. */
    public List<String> tags(long itemId) {
        return IntStream.range(0, buckets(itemId)).mapToObj(bucket -> StockKeys.tag(itemId, bucket)).toList();
    }

    /** Units in each bucket's counter, bucket 0 first; null for a counter that is not there. */
    public List<Long> counters(long itemId) {
        int buckets = buckets(itemId);
        var keys = IntStream.range(0, buckets).mapToObj(bucket -> StockKeys.counter(itemId, bucket)).toList();
        var values = buckets == 1 ? Collections.singletonList(redis.opsForValue().get(keys.getFirst()))
                : redis.opsForValue().multiGet(keys);
        return values.stream().map(value -> value == null ? null : Long.valueOf(value)).toList();
    }

    /** Bucket {@code bucket}'s part of {@code total} split over {@code buckets}: the first ones take the remainder. */
    public static long share(long total, int buckets, int bucket) {
        return total / buckets + (bucket < total % buckets ? 1 : 0);
    }

    /** Spread over the buckets by a multiplicative hash, so that consecutive user ids land apart. */
    static int bucketOf(long userId, int buckets) {
        return buckets == 1 ? 0 : Math.floorMod(Long.hashCode(userId * 0x9E3779B97F4A7C15L), buckets);
    }

    /** Writes the split unless the item has one already; answers the split the item has. */
    int settle(long itemId) {
        redis.opsForValue().setIfAbsent(StockKeys.layout(itemId), Integer.toString(defaultBuckets));
        layouts.invalidate(itemId);
        return buckets(itemId);
    }

    void forget(long itemId) {
        redis.delete(StockKeys.layout(itemId));
        layouts.invalidate(itemId);
    }

    private int readLayout(long itemId) {
        var value = redis.opsForValue().get(StockKeys.layout(itemId));
        return value == null ? defaultBuckets : Integer.parseInt(value);
    }
}
