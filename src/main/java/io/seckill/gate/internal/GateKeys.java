package io.seckill.gate.internal;

/** Redis key names of captchas and tokens. */
public final class GateKeys {

    private GateKeys() {
    }

    public static String token(String token) {
        return "token:" + token;
    }

    /** What a token key holds: the user and promo it was issued for. */
    public static String owner(long userId, long promoId) {
        return userId + ":" + promoId;
    }

    public static String tokensIssued(long promoId) {
        return "promo:" + promoId + ":tokens-issued";
    }

    static String captcha(long promoId, long userId) {
        return "captcha:" + promoId + ":" + userId;
    }
}
