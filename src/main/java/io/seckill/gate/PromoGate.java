package io.seckill.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

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
    public boolean consume(String token, long userId, long promoId) {
        return take(token, userId, promoId).isPresent();
    }

    /**
     * Uses the token up, whatever it turns out to be; present only if it was issued to this user for
     * this promo, and then good for {@link #handBack} should the order be refused with BUSY.
     */
    public Optional<TakenToken> take(String token, long userId, long promoId) {
        return takeAll(List.of(new Presented(token, userId, promoId))).getFirst();
    }

    /**
     * {@link #take} for a batch of orders in one round trip; the answers are in the order of the
     * tokens presented.
     */
    public List<Optional<TakenToken>> takeAll(List<Presented> presented) {
        var keys = new ArrayList<String>(presented.size());
        var owners = new ArrayList<String>(presented.size());
        for (var token : presented) {
            if (wellFormed(token.token())) {
                keys.add(GateKeys.token(token.token()));
                owners.add(GateKeys.owner(token.userId(), token.promoId()));
            }
        }
        var left = keys.isEmpty() ? List.<Long>of() : redis.execute(TAKE, keys, owners.toArray());
        var taken = new ArrayList<Optional<TakenToken>>(presented.size());
        int next = 0;
        for (var token : presented) {
            if (!wellFormed(token.token())) {
                taken.add(Optional.empty());
                continue;
            }
            long millis = left.get(next++);
            taken.add(millis <= 0 ? Optional.empty()
                    : Optional.of(new TakenToken(token.token(), token.userId(), token.promoId(), Duration.ofMillis(millis))));
        }
        return taken;
    }

    /** A token as a buyer presented it with an order. */
    public record Presented(String token, long userId, long promoId) {
    }

    /**
     * Makes a taken token usable again for the time it had left: BUSY promises the buyer that the same
     * token still works, and nothing was deducted.
     */
    public void handBack(TakenToken taken) {
        redis.opsForValue().setIfAbsent(GateKeys.token(taken.token()), GateKeys.owner(taken.userId(), taken.promoId()),
                taken.left());
    }

    /** A token used up by an order attempt, with the life it had left. */
    public record TakenToken(String token, long userId, long promoId, Duration left) {
    }

    /** Looks without using the token up: for answers that must leave a good token usable (BUSY). */
    public boolean isValid(String token, long userId, long promoId) {
        return wellFormed(token) && GateKeys.owner(userId, promoId).equals(redis.opsForValue().get(GateKeys.token(token)));
    }

    /** Removes what a rehearsal's gate left in Redis (its tokens expire on their own). */
    public void discardRehearsal(long promoId) {
        if (!RehearsalIds.isRehearsal(promoId)) {
            throw new IllegalArgumentException("only a rehearsal's gate is discarded");
        }
        redis.delete(GateKeys.tokensIssued(promoId));
    }

    public long tokensIssued(long promoId, long gateSize) {
        var issued = redis.opsForValue().get(GateKeys.tokensIssued(promoId));
        return issued == null ? 0 : Math.min(Long.parseLong(issued), gateSize);
    }

    private static boolean wellFormed(String token) {
        return token != null && !token.isEmpty() && token.length() <= 64;
    }
}
