package io.seckill.gate.internal;

import io.seckill.stock.StockKeys;

/**
 * Redis key names of captchas and tokens. Each carries the hash tag of the buyer's home bucket
 * ({@link StockKeys}, {@code StockPools.Layout#homeTag}), because the token script checks the captcha, the
 * bucket's counter and its buyers in one call: on a Redis Cluster they must share a slot.
 */
public final class GateKeys {

    private GateKeys() {
    }

    /**
     * A token's value names the bucket it was issued in ({@code "<bucket>.<random>"}), so that whoever presents
     * it, its key is found, and used up, as with one bucket.
     */
    static String tokenValue(int bucket, String random) {
        return bucket + "." + random;
    }

    /** The bucket a token value names; -1 for a value no token of ours has. */
    public static int bucketOf(String token, int buckets) {
        int dot = token.indexOf('.');
        if (dot < 1 || dot > 2) {
            return -1;
        }
        int bucket = 0;
        for (int i = 0; i < dot; i++) {
            char digit = token.charAt(i);
            if (digit < '0' || digit > '9') {
                return -1;
            }
            bucket = bucket * 10 + digit - '0';
        }
        return bucket < buckets ? bucket : -1;
    }

    public static String token(String bucketTag, String token) {
        return "token:" + bucketTag + ":" + token;
    }

    /** What a token key holds: the user and promo it was issued for. */
    public static String owner(long userId, long promoId) {
        return userId + ":" + promoId;
    }

    /** Tokens the promo's gate has issued to the buyers whose home is this bucket. */
    public static String tokensIssued(String bucketTag, long promoId) {
        return "tokens-issued:" + bucketTag + ":promo:" + promoId;
    }

    static String captcha(String homeTag, long promoId, long userId) {
        return "captcha:" + homeTag + ":promo:" + promoId + ":user:" + userId;
    }
}
