package io.seckill.gate.internal;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import io.seckill.catalog.Promo;
import io.seckill.gate.GateProperties;

/**
 * The one live captcha answer per user and promo. Asking again replaces it; the token script
 * ({@code issue_token.lua}) uses it up, right or wrong, so one captcha allows exactly one guess.
 */
@Component
class Captchas {

    private final StringRedisTemplate redis;
    private final GateProperties properties;

    Captchas(StringRedisTemplate redis, GateProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    void remember(Promo promo, long userId, String answer) {
        redis.opsForValue().set(GateKeys.captcha(promo.itemId(), promo.id(), userId), answer,
                properties.captchaLifetime());
    }
}
