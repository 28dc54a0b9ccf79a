package io.seckill.platform.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * At most {@code seckill.throttle.in-flight} API requests are worked on at once by this node; the next
 * one is answered 503 BUSY with Retry-After at once, before anything is read or looked up. With
 * virtual threads nothing else bounds the requests a node accepts, and past the machine's capacity
 * every extra request in progress only makes all of them slower: shedding the excess keeps the answered
 * ones fast. Administration, pages and operations endpoints are never shed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class InFlightLimit extends OncePerRequestFilter {

    private static final Rejection AT_CAPACITY = Rejection.of(ProblemCode.BUSY, "The server is at capacity; retry shortly")
            .retryAfter(Duration.ofSeconds(1));

    private final Semaphore inFlight;
    private final boolean limited;
    private final JsonMapper json;
    private final Counter shed;

    InFlightLimit(ThrottleProperties properties, JsonMapper json, MeterRegistry meters) {
        this.limited = properties.inFlight() > 0;
        this.inFlight = new Semaphore(Math.max(properties.inFlight(), 1));
        this.json = json;
        this.shed = meters.counter("seckill.requests.shed");
        int capacity = Math.max(properties.inFlight(), 1);
        meters.gauge("seckill.requests.in.flight", inFlight, permits -> capacity - permits.availablePermits());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        var path = request.getRequestURI();
        return !limited || !path.startsWith("/api/") || path.startsWith("/api/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!inFlight.tryAcquire()) {
            shed.increment();
            ApiErrors.write(AT_CAPACITY, request, response, json);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            inFlight.release();
        }
    }
}
