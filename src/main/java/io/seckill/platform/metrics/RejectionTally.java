package io.seckill.platform.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.platform.RehearsalIds;
import io.seckill.platform.web.ProblemCode;

/**
 * Counts rejections per promo and code. The hot path only bumps an in-memory counter (a sold-out
 * flood must not cost a Redis call each); once a second the sums go to Redis, where every node's
 * counts add up for the sale dashboard.
 */
@Component
public class RejectionTally {

    private final StringRedisTemplate redis;
    private final MeterRegistry meters;
    private final Map<Long, Map<ProblemCode, LongAdder>> pending = new ConcurrentHashMap<>();

    RejectionTally(StringRedisTemplate redis, MeterRegistry meters) {
        this.redis = redis;
        this.meters = meters;
    }

    public void count(String step, long promoId, ProblemCode code) {
        if (RehearsalIds.isRehearsal(promoId)) {
            return;
        }
        meters.counter("seckill.rejections", "step", step, "code", code.name()).increment();
        pending.computeIfAbsent(promoId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** Rejections of a promo on all nodes, as of their last flush. */
    public Map<String, Long> totals(long promoId) {
        var totals = new HashMap<String, Long>();
        redis.<String, String>opsForHash().entries(key(promoId))
                .forEach((code, n) -> totals.put(code, Long.parseLong(n)));
        return totals;
    }

    @Scheduled(fixedDelay = 1000)
    public void flush() {
        pending.forEach((promoId, counts) -> counts.forEach((code, adder) -> {
            long n = adder.sumThenReset();
            if (n > 0) {
                redis.opsForHash().increment(key(promoId), code.name(), n);
            }
        }));
    }

    private static String key(long promoId) {
        return "promo:" + promoId + ":rejections";
    }
}
