package io.seckill.platform.web;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import tools.jackson.databind.json.JsonMapper;

/**
 * Past a machine's capacity every extra request in progress only makes all of them slower, and with
 * virtual threads nothing else bounds how many a node takes on. So each door of the API admits at most
 * as many requests at once as its limit, and answers the next one 503 BUSY with Retry-After at once,
 * before anything is read or looked up (an order's token stays usable). The limit is not a number to
 * guess per machine: it follows the answer times (Netflix concurrency-limits, {@link AdmissionProperties}),
 * per door. The buyers are let in at the gate (captcha and token), where turning one away costs least;
 * the order door only has the fixed maximum, because orders are placed in batches and a batch needs
 * company: holding orders to a latency-bound few made every batch small and the node sold at half its
 * rate with a core idle (BENCHMARKS.md). Administration, pages and operations endpoints are never shed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class Admission extends OncePerRequestFilter {

    private static final Rejection AT_CAPACITY = Rejection.of(ProblemCode.BUSY, "The server is at capacity; retry shortly")
            .retryAfter(Duration.ofSeconds(1));

    /** Requests that share a limit because they cost alike. */
    enum Door { ORDERS, GATE, API }

    private final boolean enabled;
    private final Map<Door, SimpleLimiter<Object>> limiters = new EnumMap<>(Door.class);
    private final Map<Door, Counter> shed = new EnumMap<>(Door.class);
    private final JsonMapper json;

    Admission(AdmissionProperties properties, JsonMapper json, MeterRegistry meters) {
        this.enabled = properties.algorithm() != AdmissionProperties.Algorithm.OFF;
        this.json = json;
        for (var door : Door.values()) {
            var limit = door == Door.ORDERS ? FixedLimit.of(properties.maxLimit()) : limit(properties);
            var limiter = SimpleLimiter.newBuilder().named(door.name()).limit(limit).build();
            limiters.put(door, limiter);
            var tag = door.name().toLowerCase();
            shed.put(door, meters.counter("seckill.requests.shed", "door", tag));
            meters.gauge("seckill.admission.limit", Tags.of("door", tag), limiter,
                    SimpleLimiter::getLimit);
            meters.gauge("seckill.requests.in.flight", Tags.of("door", tag), limiter,
                    SimpleLimiter::getInflight);
        }
    }

    private static Limit limit(AdmissionProperties properties) {
        return switch (properties.algorithm()) {
            case GRADIENT2 -> Gradient2Limit.newBuilder().initialLimit(properties.initialLimit())
                    .minLimit(properties.minLimit()).maxConcurrency(properties.maxLimit()).build();
            case VEGAS -> VegasLimit.newBuilder().initialLimit(properties.initialLimit())
                    .maxConcurrency(properties.maxLimit()).build();
            case AIMD -> AIMDLimit.newBuilder().initialLimit(properties.initialLimit()).minLimit(properties.minLimit())
                    .maxLimit(properties.maxLimit()).timeout(properties.latencyGoal().toNanos(), TimeUnit.NANOSECONDS)
                    .build();
            case FIXED, OFF -> FixedLimit.of(properties.maxLimit());
        };
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        var path = request.getRequestURI();
        return !enabled || !path.startsWith("/api/") || path.startsWith("/api/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var door = doorOf(request);
        var permit = limiters.get(door).acquire(null);
        if (permit.isEmpty()) {
            shed.get(door).increment();
            ApiErrors.write(AT_CAPACITY, request, response, json);
            return;
        }
        boolean answered = false;
        try {
            chain.doFilter(request, response);
            answered = true;
        } finally {
            if (!answered) {
                permit.get().onIgnore();
            } else if (response.getStatus() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
                permit.get().onDropped(); // BUSY from further in: this door is past what the node can do
            } else {
                permit.get().onSuccess();
            }
        }
    }

    static Door doorOf(HttpServletRequest request) {
        var path = request.getRequestURI();
        if (path.equals("/api/orders") && "POST".equals(request.getMethod())) {
            return Door.ORDERS;
        }
        if (path.startsWith("/api/promos/") && (path.endsWith("/captcha") || path.endsWith("/tokens"))) {
            return Door.GATE;
        }
        return Door.API;
    }

    /** The limit of a door now: for tests and the dashboard. */
    int limit(Door door) {
        return limiters.get(door).getLimit();
    }
}
