package io.seckill.stock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.lettuce.core.cluster.SlotHash;

/**
 * How an item's stock is split into buckets, and which bucket is a buyer's home. A buyer is always served by
 * their home bucket: their per-user check, their reservation, their token and their captcha all live in its
 * slot, so each buying step stays one Lua call and no buyer can hold two orders through two buckets. A bucket
 * that runs dry while others hold units is refilled from them ({@link StockLedger}).
 *
 * <p>The buckets' hash tags are written to Redis when the stock is first put there ({@link StockKeys#layout})
 * and read by every node from then on, so nodes with different settings still agree; a node remembers them
 * for a few seconds.
 */
@Component
public class StockPools {

    private final StringRedisTemplate redis;
    private final int defaultBuckets;
    private final LoadingCache<Long, Layout> layouts;

    StockPools(StringRedisTemplate redis, StockProperties properties) {
        this.redis = redis;
        this.defaultBuckets = properties.buckets();
        this.layouts = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000)
                .build(this::readLayout);
    }

    /** How one item's stock is split: its buckets' hash tags, bucket 0 first. */
    public record Layout(List<String> tags) {

        public int buckets() {
            return tags.size();
        }

        /** More than one bucket: a dry bucket may be refilled from the others. */
        public boolean split() {
            return tags.size() > 1;
        }

        public String tag(int bucket) {
            return tags.get(bucket);
        }

        /** The buyer's home bucket. */
        public int home(long userId) {
            return bucketOf(userId, tags.size());
        }

        /** The hash tag of the buyer's home bucket: the slot of everything a buying step of theirs touches. */
        public String homeTag(long userId) {
            return tags.get(home(userId));
        }
    }

    /** The item's split, read once for all the keys of one step. */
    public Layout layout(long itemId) {
        return layouts.get(itemId);
    }

    public int buckets(long itemId) {
        return layout(itemId).buckets();
    }

    public String tag(long itemId, int bucket) {
        return layout(itemId).tag(bucket);
    }

    public List<String> tags(long itemId) {
        return layout(itemId).tags();
    }

    public int home(long itemId, long userId) {
        return layout(itemId).home(userId);
    }

    public String homeTag(long itemId, long userId) {
        return layout(itemId).homeTag(userId);
    }

    /** Units in each bucket's counter, bucket 0 first; null for a counter that is not there. */
    public List<Long> counters(long itemId) {
        var keys = tags(itemId).stream().map(StockKeys::counter).toList();
        var values = keys.size() == 1 ? Collections.singletonList(redis.opsForValue().get(keys.getFirst()))
                : redis.opsForValue().multiGet(keys);
        return values.stream().map(value -> value == null ? null : Long.valueOf(value)).toList();
    }

    /** Bucket {@code bucket}'s part of {@code total} split over {@code buckets}: the first ones take the remainder. */
    public static long share(long total, int buckets, int bucket) {
        return total / buckets + (bucket < total % buckets ? 1 : 0);
    }

    /**
     * Hash tags for the item's buckets, one in each of N equal arcs of the 16,384 slots: bucket 0's tag is
     * {@code {item:<id>}} wherever its slot falls, bucket b's is {@code {item:<id>:<b>:<salt>}} with the
     * smallest salt whose slot lies in the middle half of the next arc round from bucket 0's. A cluster whose
     * masters hold equal slot ranges (as {@code redis-cli --cluster create} makes them) then has N / masters
     * buckets on each master when N is a multiple of their number, and never all on one by chance.
     */
    public static List<String> spread(long itemId, int buckets) {
        var tags = new ArrayList<String>(buckets);
        tags.add(StockKeys.firstTag(itemId));
        int firstSlot = SlotHash.getSlot(tags.getFirst());
        int firstArc = 0;
        while (arcStart(firstArc + 1, buckets) <= firstSlot) {
            firstArc++;
        }
        for (int bucket = 1; bucket < buckets; bucket++) {
            int arc = (firstArc + bucket) % buckets;
            int width = arcStart(arc + 1, buckets) - arcStart(arc, buckets);
            int low = arcStart(arc, buckets) + width / 4;
            for (int salt = 0;; salt++) {
                var tag = "{item:" + itemId + ":" + bucket + ":" + salt + "}";
                int slot = SlotHash.getSlot(tag);
                if (slot >= low && slot < low + width / 2) {
                    tags.add(tag);
                    break;
                }
            }
        }
        return List.copyOf(tags);
    }

    /** Where the k-th of N equal arcs of the slots starts, rounded as redis-cli rounds its masters' ranges. */
    private static int arcStart(int arc, int arcs) {
        return (int) ((2L * arc * SlotHash.SLOT_COUNT + arcs) / (2L * arcs));
    }

    /** Spread over the buckets by a multiplicative hash, so that consecutive user ids land apart. */
    static int bucketOf(long userId, int buckets) {
        return buckets == 1 ? 0 : Math.floorMod(Long.hashCode(userId * 0x9E3779B97F4A7C15L), buckets);
    }

    /** Writes the split unless the item has one already; answers the number of buckets the item has. */
    int settle(long itemId) {
        redis.opsForValue().setIfAbsent(StockKeys.layout(itemId), String.join(",", spread(itemId, defaultBuckets)));
        layouts.invalidate(itemId);
        return buckets(itemId);
    }

    void forget(long itemId) {
        redis.delete(StockKeys.layout(itemId));
        layouts.invalidate(itemId);
    }

    private Layout readLayout(long itemId) {
        var value = redis.opsForValue().get(StockKeys.layout(itemId));
        return new Layout(value == null ? spread(itemId, defaultBuckets) : List.of(value.split(",")));
    }
}
