package io.seckill.platform.web;

import java.time.Duration;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Per-key request budgets on this node (per username, per user, per client address), for endpoints
 * where guessing is the attack: login and the buying gate. A key's budget refills every period.
 */
@Component
public class Throttles {

    private final Cache<String, RateLimiter> limiters = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(200_000).build();

    /** Spends one unit of the key's budget; false (and nothing spent) when it is used up. */
    public boolean tryAcquire(String rule, String key, int perPeriod, Duration period) {
        return limiter(rule, key, perPeriod, period).acquirePermission();
    }

    /** Whether the key has budget left, without spending any: for budgets that only failures spend. */
    public boolean hasBudget(String rule, String key, int perPeriod, Duration period) {
        return limiter(rule, key, perPeriod, period).getMetrics().getAvailablePermissions() > 0;
    }

    public static Rejection rateLimited(String detail, Duration retryAfter) {
        return Rejection.of(ProblemCode.RATE_LIMITED, detail).retryAfter(retryAfter);
    }

    private RateLimiter limiter(String rule, String key, int perPeriod, Duration period) {
        return limiters.get(rule + '\u0000' + key, name -> RateLimiter.of(rule, RateLimiterConfig.custom()
                .limitForPeriod(perPeriod).limitRefreshPeriod(period).timeoutDuration(Duration.ZERO).build()));
    }
}
