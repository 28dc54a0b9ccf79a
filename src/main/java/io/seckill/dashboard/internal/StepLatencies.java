package io.seckill.dashboard.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.seckill.dashboard.internal.StepRecorder.Step;

/**
 * The latency of the three buying steps, second by second, for the dashboard's charts, on every node at
 * once: each node takes its {@link StepRecorder}'s last second once a second and writes its last ten such
 * seconds (count, p50, p99) to one Redis hash, a field per node and step; the dashboard reads every node's
 * seconds and shows, per second, the requests of all nodes and the slowest node's p50 and p99.
 */
@Component
class StepLatencies {

    /** One second of one step: how many requests ended, and their median and 99th percentile. */
    record StepSecond(long second, long requests, double p50Millis, double p99Millis) {
    }

    private static final Logger log = LoggerFactory.getLogger(StepLatencies.class);
    static final String KEY = "dashboard:step-latency";
    /** Seconds each node keeps in its field: a dashboard polling every second never misses one. */
    private static final int KEPT_SECONDS = 10;

    private final StepRecorder recorder;
    private final StringRedisTemplate redis;
    private final Clock clock = Clock.systemUTC();
    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final Map<Step, ArrayDeque<String>> kept = new EnumMap<>(Step.class);
    /** Whether the last write had seconds in it: one more (empty) write tells the readers they are gone. */
    private boolean wrote;

    StepLatencies(StepRecorder recorder, StringRedisTemplate redis) {
        this.recorder = recorder;
        this.redis = redis;
        for (var step : Step.values()) {
            kept.put(step, new ArrayDeque<>());
        }
    }

    /** This node's last seconds (those with requests), into the shared hash (which lives while any node writes). */
    @Scheduled(fixedRate = 1000)
    void publish() {
        // the second in which the interval ended, as the other charts put a poll at the time it answered
        long second = clock.millis() / 1000;
        var fields = new HashMap<String, String>();
        for (var step : Step.values()) {
            var histogram = recorder.take(step);
            var seconds = kept.get(step);
            if (histogram.getTotalCount() > 0) {
                seconds.addLast(second + "," + histogram.getTotalCount() + "," + histogram.getValueAtPercentile(50) + ","
                        + histogram.getValueAtPercentile(99));
            }
            while (!seconds.isEmpty() && Long.parseLong(seconds.peekFirst().split(",")[0]) < second - KEPT_SECONDS) {
                seconds.removeFirst();
            }
            fields.put(node + ":" + step.key(), String.join(";", seconds));
        }
        if (kept.values().stream().allMatch(ArrayDeque::isEmpty) && !wrote) {
            return; // an idle node costs Redis nothing
        }
        try {
            redis.opsForHash().putAll(KEY, fields);
            redis.expire(KEY, Duration.ofSeconds(30));
            wrote = kept.values().stream().anyMatch(seconds -> !seconds.isEmpty());
        } catch (DataAccessException redisAway) {
            // a chart with a gap; the health check and the buying path report Redis being away
            log.debug("The buying steps' latency was not published: {}", redisAway.getMessage());
        }
    }

    /**
     * The last seconds of each step on every node, oldest first: requests added up, p50 and p99 of the
     * slowest node. Seconds without a request are left out.
     */
    Map<String, List<StepSecond>> clusterWide() {
        long oldest = clock.millis() / 1000 - KEPT_SECONDS - 1;
        var bySecond = new EnumMap<Step, TreeMap<Long, StepSecond>>(Step.class);
        for (var step : Step.values()) {
            bySecond.put(step, new TreeMap<>());
        }
        redis.<String, String>opsForHash().entries(KEY).forEach((field, value) -> {
            var step = Step.ofKey(field.substring(field.indexOf(':') + 1));
            if (step == null || value.isEmpty()) {
                return;
            }
            for (var entry : value.split(";")) {
                var parts = entry.split(",");
                long second = Long.parseLong(parts[0]);
                if (second < oldest) {
                    continue;
                }
                var node = new StepSecond(second, Long.parseLong(parts[1]), Long.parseLong(parts[2]) / 1000.0,
                        Long.parseLong(parts[3]) / 1000.0);
                bySecond.get(step).merge(second, node, (a, b) -> new StepSecond(second, a.requests() + b.requests(),
                        Math.max(a.p50Millis(), b.p50Millis()), Math.max(a.p99Millis(), b.p99Millis())));
            }
        });
        var figures = new LinkedHashMap<String, List<StepSecond>>();
        bySecond.forEach((step, seconds) -> figures.put(step.key(), List.copyOf(seconds.values())));
        return figures;
    }
}
