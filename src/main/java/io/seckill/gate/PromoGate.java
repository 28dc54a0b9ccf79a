package io.seckill.gate;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import io.seckill.gate.internal.GateKeys;

/**
 * Promo tokens: single-use passes to the order endpoint, bound to one user and one promo. The order
 * side consumes them here; issuing them is the gate's own business ({@code internal}).
 */
@Component
public class PromoGate {

    private final StringRedisTemplate redis;

    PromoGate(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Uses the token up, whatever it turns out to be; true only if it was issued to this user for this promo. */
    public boolean consume(String token, long userId, long promoId) {
        if (!wellFormed(token)) {
            return false;
        }
        var owner = redis.opsForValue().getAndDelete(GateKeys.token(token));
        return GateKeys.owner(userId, promoId).equals(owner);
    }

    /** Looks without using the token up: for answers that must leave a good token usable (BUSY). */
    public boolean isValid(String token, long userId, long promoId) {
        return wellFormed(token) && GateKeys.owner(userId, promoId).equals(redis.opsForValue().get(GateKeys.token(token)));
    }

    public long tokensIssued(long promoId, long gateSize) {
        var issued = redis.opsForValue().get(GateKeys.tokensIssued(promoId));
        return issued == null ? 0 : Math.min(Long.parseLong(issued), gateSize);
    }

    private static boolean wellFormed(String token) {
        return token != null && !token.isEmpty() && token.length() <= 64;
    }
}
