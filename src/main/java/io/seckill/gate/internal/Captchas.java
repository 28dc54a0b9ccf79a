package io.seckill.gate.internal;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import io.seckill.gate.GateProperties;

/**
 * The one live captcha answer per user and promo. Asking again replaces it; checking uses it up,
 * right or wrong, so one captcha allows exactly one guess.
 */
@Component
class Captchas {

    private final StringRedisTemplate redis;
    private final GateProperties properties;

    Captchas(StringRedisTemplate redis, GateProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    void remember(long promoId, long userId, String answer) {
        redis.opsForValue().set(GateKeys.captcha(promoId, userId), answer, properties.captchaLifetime());
    }

    /** Uses the captcha up; true if the guess (upper case) was its answer. Token issuing checks it itself, in its script. */
    boolean consume(long promoId, long userId, String guess) {
        var answer = redis.opsForValue().getAndDelete(GateKeys.captcha(promoId, userId));
        return answer != null && answer.equals(guess);
    }
}
