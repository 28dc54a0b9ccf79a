package io.seckill.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import io.seckill.catalog.Promo;
import io.seckill.gate.internal.GateKeys;
import io.seckill.platform.RehearsalIds;
import io.seckill.platform.redis.LuaScripts;
import io.seckill.stock.StockPools;

/**
 * Promo tokens: single-use passes to the order endpoint, bound to one user and one promo. The order
 * side consumes them here; issuing them is the gate's own business ({@code internal}).
 */
@Component
public class PromoGate {

    private static final RedisScript<List<Long>> TAKE = LuaScripts.listScript("take_tokens");

    private final StringRedisTemplate redis;
    private final StockPools pools;

    PromoGate(StringRedisTemplate redis, StockPools pools) {
        this.redis = redis;
        this.pools = pools;
    }

    /** Uses the token up, whatever it turns out to be; true only if it was issued to this user for this promo. */
    public boolean consume(String token, long userId, Promo promo) {
        return take(token, userId, promo).isPresent();
    }

    /**
     * Uses the token up, whatever it turns out to be; present only if it was issued to this user for
     * this promo, and then good for {@link #handBack} should the order be refused with BUSY.
     */
    public Optional<TakenToken> take(String token, long userId, Promo promo) {
        return takeAll(List.of(new Presented(token, userId, promo))).getFirst();
    }

    /**
     * {@link #take} for a batch of orders, one round trip per bucket the tokens were issued in (a script's keys
     * must share a slot on a Redis Cluster); the answers are in the order of the tokens presented.
     */
    public List<Optional<TakenToken>> takeAll(List<Presented> presented) {
        var taken = new ArrayList<Optional<TakenToken>>(Collections.nCopies(presented.size(), Optional.empty()));
        var byBucket = new LinkedHashMap<String, List<Integer>>();
        for (int i = 0; i < presented.size(); i++) {
            var token = presented.get(i);
            var tag = bucketTag(token.token(), token.promo().itemId());
            if (tag != null) {
                byBucket.computeIfAbsent(tag, bucket -> new ArrayList<>()).add(i);
            }
        }
        byBucket.forEach((tag, indexes) -> {
            var keys = new ArrayList<String>(indexes.size());
            var owners = new ArrayList<String>(indexes.size());
            for (int i : indexes) {
                var token = presented.get(i);
                keys.add(GateKeys.token(tag, token.token()));
                owners.add(GateKeys.owner(token.userId(), token.promo().id()));
            }
            var left = redis.execute(TAKE, keys, owners.toArray());
            for (int k = 0; k < indexes.size(); k++) {
                long millis = left.get(k);
                if (millis > 0) {
                    var token = presented.get(indexes.get(k));
                    taken.set(indexes.get(k), Optional.of(new TakenToken(token.token(), token.userId(),
                            token.promo().itemId(), token.promo().id(), Duration.ofMillis(millis))));
                }
            }
        });
        return taken;
    }

    /** A token as a buyer presented it with an order for the promo. */
    public record Presented(String token, long userId, Promo promo) {
    }

    /**
     * Makes a taken token usable again for the time it had left: BUSY promises the buyer that the same
     * token still works, and nothing was deducted.
     */
    public void handBack(TakenToken taken) {
        redis.opsForValue().setIfAbsent(GateKeys.token(bucketTag(taken.token(), taken.itemId()), taken.token()),
                GateKeys.owner(taken.userId(), taken.promoId()), taken.left());
    }

    /** A token used up by an order attempt, with the life it had left. */
    public record TakenToken(String token, long userId, long itemId, long promoId, Duration left) {
    }

    /** Looks without using the token up: for answers that must leave a good token usable (BUSY). */
    public boolean isValid(String token, long userId, Promo promo) {
        var tag = bucketTag(token, promo.itemId());
        return tag != null && GateKeys.owner(userId, promo.id()).equals(redis.opsForValue().get(GateKeys.token(tag, token)));
    }

    /** Removes what a rehearsal's gate left in Redis (its tokens expire on their own). */
    public void discardRehearsal(long itemId, long promoId) {
        if (!RehearsalIds.isRehearsal(itemId) || !RehearsalIds.isRehearsal(promoId)) {
            throw new IllegalArgumentException("only a rehearsal's gate is discarded");
        }
        redis.delete(pools.tags(itemId).stream().map(tag -> GateKeys.tokensIssued(tag, promoId)).toList());
    }

    /** Tokens the promo's gate has issued, over every bucket of its item. */
    public long tokensIssued(Promo promo, long gateSize) {
        var counts = redis.opsForValue().multiGet(
                pools.tags(promo.itemId()).stream().map(tag -> GateKeys.tokensIssued(tag, promo.id())).toList());
        long issued = counts.stream().filter(count -> count != null).mapToLong(Long::parseLong).sum();
        return Math.min(issued, gateSize);
    }

    /** The hash tag of the bucket the token was issued in; null for a value no token of ours has. */
    private String bucketTag(String token, long itemId) {
        if (token == null || token.isEmpty() || token.length() > 64) {
            return null;
        }
        var layout = pools.layout(itemId);
        int bucket = GateKeys.bucketOf(token, layout.buckets());
        return bucket < 0 ? null : layout.tag(bucket);
    }
}
