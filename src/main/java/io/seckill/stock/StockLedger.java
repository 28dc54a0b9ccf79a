package io.seckill.stock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.seckill.platform.RehearsalIds;
import io.seckill.platform.redis.LuaScripts;
import io.seckill.platform.redis.ScriptAnswers;
import io.seckill.stock.internal.ReplicaAcks;
import io.seckill.stock.internal.StockTransfers;

/**
 * The live stock counters of a sale, in Redis, changed only by atomic Lua scripts. An item's stock is
 * split over one or more buckets ({@link StockPools}); a buyer is always served by their home bucket, where
 * a reservation checks stock and the buyer's live order and takes the units in one step, and a release gives
 * them back at most once per order, because it needs the buyer entry that names that order. A home bucket
 * that runs dry is refilled from the others ({@link StockTransfers}), so an item is sold out only when every
 * bucket is empty.
 */
@Component
public class StockLedger {

    private static final RedisScript<List<Long>> RESERVE_ALL = LuaScripts.listScript("reserve_all");
    private static final RedisScript<Long> RELEASE = LuaScripts.longScript("release");

    private enum Release { RELEASED, NOTHING_TO_RELEASE, NO_COUNTER }

    /** release.lua: the units left after the release, or why nothing was released. */
    private static final ScriptAnswers<Release> RELEASE_ANSWERS = ScriptAnswers.of("release.lua",
            Map.of(-1, Release.NOTHING_TO_RELEASE, -2, Release.NO_COUNTER)).orCount(Release.RELEASED);
    /** Refills tried for one batch before its dry claims are answered SOLD_OUT: each halves the fullest bucket. */
    private static final int REFILL_ROUNDS = 8;
    /** Reads of an item's buckets tried before units that keep moving between them are taken as units left. */
    private static final int EMPTINESS_READS = 4;

    private final StringRedisTemplate redis;
    private final SoldOutBoard soldOut;
    private final StockPools pools;
    private final StockTransfers transfers;
    private final ReplicaAcks acks;
    private final LoadingCache<Long, OptionalLong> recentCounts;

    StockLedger(StringRedisTemplate redis, SoldOutBoard soldOut, StockPools pools, StockTransfers transfers,
            ReplicaAcks acks) {
        this.redis = redis;
        this.acks = acks;
        this.soldOut = soldOut;
        this.pools = pools;
        this.transfers = transfers;
        // Catalogue reads show live stock; a quarter-second view keeps a read storm off Redis.
        this.recentCounts = Caffeine.newBuilder().expireAfterWrite(Duration.ofMillis(250)).maximumSize(10_000)
                .build(this::readCounters);
    }

    /**
     * Reserves each claim's units in its buyer's home bucket, all or nothing per claim, in the order given,
     * in one round trip per bucket (a script's keys must share a slot on a Redis Cluster; a batch is nearly
     * always of one item). A claim whose bucket ran dry is tried again after a refill from the other
     * buckets; an item whose every bucket is empty is put on the sold-out board at once. Where replicas
     * are asked for ({@link StockProperties#replicaAcks()}), a bucket's reservations count only once its
     * replicas have them; otherwise this throws a transient failure, with the units possibly taken.
     */
    public List<Reservation> reserveAll(List<StockClaim> claims) {
        var reservations = new ArrayList<Reservation>(Collections.nCopies(claims.size(), null));
        List<Integer> pending = IntStream.range(0, claims.size()).boxed().toList();
        for (int round = 0; !pending.isEmpty(); round++) {
            reserveInHomeBuckets(claims, pending, reservations);
            pending = round < REFILL_ROUNDS ? refilledDryBuckets(claims, pending, reservations) : List.of();
        }
        markSoldOut(claims, reservations);
        return reservations;
    }

    /** The claims refused because their split item's home bucket ran dry, where a refill moved units in. */
    private List<Integer> refilledDryBuckets(List<StockClaim> claims, List<Integer> tried, List<Reservation> reservations) {
        var again = new ArrayList<Integer>();
        var refilled = new HashMap<String, Boolean>();
        for (int i : tried) {
            var claim = claims.get(i);
            var layout = pools.layout(claim.itemId());
            if (reservations.get(i).outcome() == Reservation.Outcome.SOLD_OUT && layout.split()) {
                int home = layout.home(claim.userId());
                if (refilled.computeIfAbsent(layout.tag(home), tag -> refill(claim.itemId(), home))) {
                    again.add(i);
                }
            }
        }
        return again;
    }

    private void reserveInHomeBuckets(List<StockClaim> claims, List<Integer> which, List<Reservation> reservations) {
        var byBucket = new LinkedHashMap<String, List<Integer>>();
        for (int i : which) {
            var claim = claims.get(i);
            byBucket.computeIfAbsent(pools.layout(claim.itemId()).homeTag(claim.userId()), tag -> new ArrayList<>()).add(i);
        }
        byBucket.forEach((home, indexes) -> {
            // a bucket's tag names its item: every claim of the group is of one item
            var split = pools.layout(claims.get(indexes.getFirst()).itemId()).split() ? "1" : "0";
            var keys = new ArrayList<String>(indexes.size() * 2);
            var arguments = new ArrayList<String>(indexes.size() * 4);
            for (int i : indexes) {
                var claim = claims.get(i);
                keys.add(StockKeys.counter(home));
                keys.add(StockKeys.buyers(home, claim.promoId()));
                arguments.add(Long.toString(claim.userId()));
                arguments.add(Integer.toString(claim.quantity()));
                arguments.add(Long.toString(claim.orderId()));
                arguments.add(split);
            }
            var reply = redis.execute(RESERVE_ALL, keys, arguments.toArray());
            boolean tookUnits = false;
            for (int k = 0; k < indexes.size(); k++) {
                var reservation = Reservation.of(reply.get(2 * k), reply.get(2 * k + 1));
                reservations.set(indexes.get(k), reservation);
                tookUnits |= reservation.outcome() == Reservation.Outcome.RESERVED;
            }
            if (tookUnits) {
                // not confirmed: thrown, and the caller's failure handling returns what the stock log says was not sold
                acks.require(StockKeys.counter(home));
            }
        });
    }

    /** Moves units from the other buckets into the buyer's dry home bucket; false when none had any. */
    boolean refill(long itemId, int bucket) {
        return transfers.refill(pools.tags(itemId), bucket, pools.counters(itemId)) > 0;
    }

    /** Moves units into the buyer's home bucket if it ran dry; false when no bucket had any to give. */
    public boolean refillHomeOf(long itemId, long userId) {
        var layout = pools.layout(itemId);
        return layout.split() && refill(itemId, layout.home(userId));
    }

    /**
     * An item whose every bucket is empty goes on the sold-out board at once. A claim refused because its home
     * bucket is dry while units remain elsewhere (moving to another buyer's bucket) is not told SOLD_OUT.
     */
    private void markSoldOut(List<StockClaim> claims, List<Reservation> reservations) {
        var emptyEverywhere = new HashMap<Long, Boolean>();
        for (int i = 0; i < claims.size(); i++) {
            var reservation = reservations.get(i);
            boolean bucketEmpty = (reservation.outcome() == Reservation.Outcome.RESERVED
                    || reservation.outcome() == Reservation.Outcome.SOLD_OUT) && reservation.unitsLeft() == 0;
            if (!bucketEmpty) {
                continue;
            }
            long itemId = claims.get(i).itemId();
            boolean empty = emptyEverywhere.computeIfAbsent(itemId, this::markIfEmptyEverywhere);
            if (!empty && reservation.outcome() == Reservation.Outcome.SOLD_OUT) {
                reservations.set(i, new Reservation(Reservation.Outcome.UNITS_MOVING, 0));
            }
        }
    }

    /** Puts the item on the sold-out board if no bucket holds a unit and none is on its way; true if it did. */
    public boolean markIfEmptyEverywhere(long itemId) {
        if (pools.buckets(itemId) > 1 && !emptyEverywhere(itemId)) {
            return false;
        }
        soldOut.markSoldOut(itemId);
        return true;
    }

    /**
     * The counters, the transfers under way, then the counters again, between two looks at how many transfers
     * have started. The reads are not one snapshot: a unit that moves once meanwhile (out of a donor already
     * read, into a receiver not yet credited) is seen by one of the three, but one that moves on again (into
     * a bucket read before it arrived, out of it before the second read) could be seen by none, and the item
     * called sold out with a unit left. So the answer counts only if no transfer started while it was read;
     * when units keep moving, they are there: not empty.
     */
    private boolean emptyEverywhere(long itemId) {
        var tags = pools.tags(itemId);
        for (int attempt = 0; attempt < EMPTINESS_READS; attempt++) {
            long started = transfers.started(tags);
            boolean empty = readCounters(itemId).orElse(0) == 0 && pools.counters(itemId).stream()
                    .allMatch(units -> units == null || units == 0);
            if (transfers.started(tags) == started) {
                return empty;
            }
        }
        return false;
    }

    /**
     * Returns the claim's units to the buyer's home bucket; true only for the one call that actually returned
     * them. Where replicas are asked for, a release they do not confirm throws a transient failure: the
     * master may be gone or replaced, and the caller must not record the units as returned (asked again
     * later, the release is a no-op if it did count). A release that finds the counter lost throws
     * {@link StockCounterMissingException}: it is retried after the rebuild, whose buyer entries decide.
     */
    public boolean release(StockClaim claim) {
        var home = pools.homeTag(claim.itemId(), claim.userId());
        var answer = RELEASE_ANSWERS.decode(redis.execute(RELEASE, List.of(StockKeys.counter(home),
                StockKeys.buyers(home, claim.promoId())), Long.toString(claim.userId()), Integer.toString(claim.quantity()),
                Long.toString(claim.orderId())));
        if (answer == Release.NO_COUNTER) {
            throw new StockCounterMissingException(claim);
        }
        acks.require(StockKeys.counter(home));
        if (answer == Release.RELEASED) {
            soldOut.markRestocked(claim.itemId());
            return true;
        }
        return false;
    }

    /** Removes a rehearsal's counters, buyers and transfers when it is over, and its sold-out mark. */
    public void discardRehearsal(long itemId, long promoId) {
        if (!RehearsalIds.isRehearsal(itemId) || !RehearsalIds.isRehearsal(promoId)) {
            throw new IllegalArgumentException("only a rehearsal's stock is discarded");
        }
        var tags = pools.tags(itemId);
        for (var tag : tags) {
            redis.delete(List.of(StockKeys.counter(tag), StockKeys.buyers(tag, promoId)));
        }
        transfers.discard(tags);
        pools.forget(itemId);
        recentCounts.invalidate(itemId);
        soldOut.markRestocked(itemId);
    }

    /**
     * Puts the counters in place before a sale, the units split evenly over the item's buckets. Never
     * overwrites a live counter: it may be ahead of the database.
     */
    public void warm(long itemId, long units) {
        int buckets = pools.settle(itemId);
        for (int bucket = 0; bucket < buckets; bucket++) {
            redis.opsForValue().setIfAbsent(StockKeys.counter(pools.tag(itemId, bucket)),
                    Long.toString(StockPools.share(units, buckets, bucket)));
        }
        recentCounts.invalidate(itemId);
        if (readCounters(itemId).orElse(0) > 0) {
            soldOut.markRestocked(itemId);
        }
    }

    /** Drops the quarter-second view of the item's units, after its counters were put back. */
    void forgetCount(long itemId) {
        recentCounts.invalidate(itemId);
    }

    /** Units left as the counters say, at most a quarter second old; empty if a counter is missing. */
    public OptionalLong unitsLeft(long itemId) {
        if (soldOut.isSoldOut(itemId)) {
            return OptionalLong.of(0);
        }
        return recentCounts.get(itemId);
    }

    /**
     * Units left read straight from Redis, for checks that must not see a cached value: every bucket's counter
     * and the units on their way between buckets; empty if a bucket's counter is missing. The buckets are read
     * one after another, so while units move between them (a split item mid-sale) a unit may be counted twice
     * or not at all; once they rest (the consistency report compares only then) the count is exact. (Reading
     * again until no transfer step happened meanwhile was tried: with one unit moving all the time, a third
     * of the reads still counted it 0 or 2 times; the buckets are on different shards, with no common snapshot.)
     * What must never be wrong, whether the item is sold out, is decided by {@link #markIfEmptyEverywhere}.
     */
    public OptionalLong counterNow(long itemId) {
        return readCounters(itemId);
    }

    private OptionalLong readCounters(long itemId) {
        var counters = pools.counters(itemId);
        if (counters.contains(null)) {
            return OptionalLong.empty();
        }
        long units = counters.stream().mapToLong(Long::longValue).sum();
        return OptionalLong.of(counters.size() == 1 ? units : units + transfers.onTheirWay(pools.tags(itemId)));
    }
}
