package io.seckill.gate.internal;

import io.seckill.stock.StockKeys;

/**
 * Redis key names of captchas and tokens. Each carries the stock pool's hash tag ({@link StockKeys#tag}),
 * because the token script checks the captcha, the counter and the buyers in one call: on a Redis Cluster
 * they must share a slot.
 */
public final class GateKeys {

    private GateKeys() {
    }

    public static String token(long itemId, String token) {
        return "token:" + StockKeys.tag(itemId) + ":" + token;
    }

    /** What a token key holds: the user and promo it was issued for. */
    public static String owner(long userId, long promoId) {
        return userId + ":" + promoId;
    }

    public static String tokensIssued(long itemId, long promoId) {
        return "tokens-issued:" + StockKeys.tag(itemId) + ":promo:" + promoId;
    }

    static String captcha(long itemId, long promoId, long userId) {
        return "captcha:" + StockKeys.tag(itemId) + ":promo:" + promoId + ":user:" + userId;
    }
}
