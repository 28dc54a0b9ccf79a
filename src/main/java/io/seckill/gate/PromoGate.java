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

/**
 * Promo tokens: single-use passes to the order endpoint, bound to one user and one promo. The order
 * side consumes them here; issuing them is the gate's own business ({@code internal}).
 */
@Component
public class PromoGate {

    private static final RedisScript<List<Long>> TAKE = LuaScripts.listScript("take_tokens");

    private final StringRedisTemplate redis;

    PromoGate(StringRedisTemplate redis) {
        this.redis = redis;
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
     * {@link #take} for a batch of orders, one round trip per item's stock pool (a script's keys must share
     * a slot on a Redis Cluster; a batch is nearly always of one item); the answers are in the order of the
     * tokens presented.
     */
    public List<Optional<TakenToken>> takeAll(List<Presented> presented) {
        var taken = new ArrayList<Optional<TakenToken>>(Collections.nCopies(presented.size(), Optional.empty()));
        var byPool = new LinkedHashMap<Long, List<Integer>>();
        for (int i = 0; i < presented.size(); i++) {
            if (wellFormed(presented.get(i).token())) {
                byPool.computeIfAbsent(presented.get(i).promo().itemId(), itemId -> new ArrayList<>()).add(i);
            }
        }
        byPool.forEach((itemId, indexes) -> {
            var keys = new ArrayList<String>(indexes.size());
            var owners = new ArrayList<String>(indexes.size());
            for (int i : indexes) {
                var token = presented.get(i);
                keys.add(GateKeys.token(itemId, token.token()));
                owners.add(GateKeys.owner(token.userId(), token.promo().id()));
            }
            var left = redis.execute(TAKE, keys, owners.toArray());
            for (int k = 0; k < indexes.size(); k++) {
                long millis = left.get(k);
                if (millis > 0) {
                    var token = presented.get(indexes.get(k));
                    taken.set(indexes.get(k), Optional.of(new TakenToken(token.token(), token.userId(), itemId,
                            token.promo().id(), Duration.ofMillis(millis))));
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
        redis.opsForValue().setIfAbsent(GateKeys.token(taken.itemId(), taken.token()),
                GateKeys.owner(taken.userId(), taken.promoId()), taken.left());
    }

    /** A token used up by an order attempt, with the life it had left. */
    public record TakenToken(String token, long userId, long itemId, long promoId, Duration left) {
    }

    /** Looks without using the token up: for answers that must leave a good token usable (BUSY). */
    public boolean isValid(String token, long userId, Promo promo) {
        return wellFormed(token) && GateKeys.owner(userId, promo.id())
                .equals(redis.opsForValue().get(GateKeys.token(promo.itemId(), token)));
    }

    /** Removes what a rehearsal's gate left in Redis (its tokens expire on their own). */
    public void discardRehearsal(long itemId, long promoId) {
        if (!RehearsalIds.isRehearsal(itemId) || !RehearsalIds.isRehearsal(promoId)) {
            throw new IllegalArgumentException("only a rehearsal's gate is discarded");
        }
        redis.delete(GateKeys.tokensIssued(itemId, promoId));
    }

    public long tokensIssued(Promo promo, long gateSize) {
        var issued = redis.opsForValue().get(GateKeys.tokensIssued(promo.itemId(), promo.id()));
        return issued == null ? 0 : Math.min(Long.parseLong(issued), gateSize);
    }

    private static boolean wellFormed(String token) {
        return token != null && !token.isEmpty() && token.length() <= 64;
    }
}
