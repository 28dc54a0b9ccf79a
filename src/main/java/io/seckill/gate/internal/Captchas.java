package io.seckill.gate.internal;

import org.springframework.stereotype.Component;

import io.seckill.catalog.Promo;
import io.seckill.gate.GateProperties;
import io.seckill.platform.redis.RequestRedis;
import io.seckill.stock.StockPools;

/**
 * The one live captcha answer per user and promo. Asking again replaces it; the token script
 * ({@code issue_token.lua}) uses it up, right or wrong, so one captcha allows exactly one guess.
 */
@Component
class Captchas {

    private final RequestRedis redis;
    private final GateProperties properties;
    private final StockPools pools;

    Captchas(RequestRedis redis, GateProperties properties, StockPools pools) {
        this.redis = redis;
        this.pools = pools;
        this.properties = properties;
    }

    void remember(Promo promo, long userId, String answer) {
        redis.set(GateKeys.captcha(pools.homeTag(promo.itemId(), userId), promo.id(), userId), answer,
                properties.captchaLifetime());
    }
}
