package io.seckill.stock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.seckill.platform.RehearsalIds;
import io.seckill.platform.redis.LuaScripts;
import java.util.Map;

/**
 * The live stock counter of a sale, in Redis, changed only by atomic Lua scripts. A reservation
 * checks stock and the buyer's live order and takes the units in one step; a release gives them
 * back at most once per order, because it needs the buyer entry that names that order.
 */
@Component
public class StockLedger {

    private static final RedisScript<List<Long>> RESERVE_ALL = LuaScripts.listScript("reserve_all");
    private static final RedisScript<Long> RELEASE = LuaScripts.longScript("release");
    private static final RedisScript<Long> REBUILD = LuaScripts.longScript("rebuild");

    private final StringRedisTemplate redis;
    private final SoldOutBoard soldOut;
    private final LoadingCache<Long, OptionalLong> recentCounts;

    StockLedger(StringRedisTemplate redis, SoldOutBoard soldOut) {
        this.redis = redis;
        this.soldOut = soldOut;
        // Catalogue reads show live stock; a quarter-second view keeps a read storm off Redis.
        this.recentCounts = Caffeine.newBuilder().expireAfterWrite(Duration.ofMillis(250)).maximumSize(10_000)
                .build(this::readCounter);
    }

    /**
     * Reserves each claim's units, all or nothing per claim, in the order given, in one round trip per
     * item's stock pool (a script's keys must share a slot on a Redis Cluster; a batch is nearly always of
     * one item). A counter that reaches zero is put on the sold-out board at once.
     */
    public List<Reservation> reserveAll(List<StockClaim> claims) {
        var byPool = new LinkedHashMap<Long, List<Integer>>();
        for (int i = 0; i < claims.size(); i++) {
            byPool.computeIfAbsent(claims.get(i).itemId(), itemId -> new ArrayList<>()).add(i);
        }
        var reservations = new ArrayList<Reservation>(Collections.nCopies(claims.size(), null));
        byPool.forEach((itemId, indexes) -> {
            var keys = new ArrayList<String>(indexes.size() * 2);
            var arguments = new ArrayList<String>(indexes.size() * 3);
            for (int i : indexes) {
                var claim = claims.get(i);
                keys.add(StockKeys.counter(itemId));
                keys.add(StockKeys.buyers(itemId, claim.promoId()));
                arguments.add(Long.toString(claim.userId()));
                arguments.add(Integer.toString(claim.quantity()));
                arguments.add(Long.toString(claim.orderId()));
            }
            var reply = redis.execute(RESERVE_ALL, keys, arguments.toArray());
            for (int k = 0; k < indexes.size(); k++) {
                var reservation = Reservation.of(reply.get(2 * k), reply.get(2 * k + 1));
                reservations.set(indexes.get(k), reservation);
                if ((reservation.outcome() == Reservation.Outcome.RESERVED
                        || reservation.outcome() == Reservation.Outcome.SOLD_OUT) && reservation.unitsLeft() == 0) {
                    soldOut.markSoldOut(itemId);
                }
            }
        });
        return reservations;
    }

    /** Returns the claim's units to the counter; true only for the one call that actually returned them. */
    public boolean release(StockClaim claim) {
        Long left = redis.execute(RELEASE, List.of(StockKeys.counter(claim.itemId()), StockKeys.buyers(claim.itemId(), claim.promoId())),
                Long.toString(claim.userId()), Integer.toString(claim.quantity()), Long.toString(claim.orderId()));
        if (left != null && left >= 0) {
            soldOut.markRestocked(claim.itemId());
            return true;
        }
        return false;
    }

    /** Removes a rehearsal's counter and buyers when it is over, and its sold-out mark. */
    public void discardRehearsal(long itemId, long promoId) {
        if (!RehearsalIds.isRehearsal(itemId) || !RehearsalIds.isRehearsal(promoId)) {
            throw new IllegalArgumentException("only a rehearsal's stock is discarded");
        }
        redis.delete(List.of(StockKeys.counter(itemId), StockKeys.buyers(itemId, promoId)));
        recentCounts.invalidate(itemId);
        soldOut.markRestocked(itemId);
    }

    /** Puts the counter in place before a sale. Never overwrites a live counter: it may be ahead of the database. */
    public void warm(long itemId, long units) {
        redis.opsForValue().setIfAbsent(StockKeys.counter(itemId), Long.toString(units));
        var left = readCounter(itemId);
        recentCounts.invalidate(itemId);
        if (left.isPresent() && left.getAsLong() > 0) {
            soldOut.markRestocked(itemId);
        }
    }

    /**
     * Rebuilds a lost counter (Redis restarted empty) from the database, together with the buyers of
     * each promo, in one atomic step; a counter that is there already is left alone. True if rebuilt.
     */
    public boolean rebuild(long itemId, long units, Map<Long, Map<Long, Long>> buyersByPromo) {
        var keys = new ArrayList<String>();
        var arguments = new ArrayList<String>();
        keys.add(StockKeys.counter(itemId));
        arguments.add(Long.toString(units));
        buyersByPromo.forEach((promoId, buyers) -> {
            keys.add(StockKeys.buyers(itemId, promoId));
            arguments.add(Integer.toString(buyers.size()));
            buyers.forEach((userId, orderId) -> {
                arguments.add(Long.toString(userId));
                arguments.add(Long.toString(orderId));
            });
        });
        boolean rebuilt = Long.valueOf(1).equals(redis.execute(REBUILD, keys, arguments.toArray()));
        recentCounts.invalidate(itemId);
        if (rebuilt && units > 0) {
            soldOut.markRestocked(itemId);
        }
        return rebuilt;
    }

    /** Units left as the counter says, at most a quarter second old; empty if there is no counter. */
    public OptionalLong unitsLeft(long itemId) {
        if (soldOut.isSoldOut(itemId)) {
            return OptionalLong.of(0);
        }
        return recentCounts.get(itemId);
    }

    /** The counter read straight from Redis, for checks that must not see a cached value. */
    public OptionalLong counterNow(long itemId) {
        return readCounter(itemId);
    }

    private OptionalLong readCounter(long itemId) {
        var value = redis.opsForValue().get(StockKeys.counter(itemId));
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }
}
