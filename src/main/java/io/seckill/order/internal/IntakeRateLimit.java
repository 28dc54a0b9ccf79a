package io.seckill.order.internal;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.seckill.order.OrderProperties;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;

/**
 * Caps order requests per second on this node, before the body is even read: past the cap the
 * answer is 429 RATE_LIMITED with Retry-After, at the cost of one atomic counter.
 */
@Configuration(proxyBeanMethods = false)
class IntakeRateLimit implements WebMvcConfigurer, HandlerInterceptor {

    private final RateLimiter limiter;

    IntakeRateLimit(OrderProperties properties) {
        this.limiter = RateLimiter.of("order-intake", RateLimiterConfig.custom()
                .limitForPeriod(properties.rateLimit())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    RateLimiter limiter() {
        return limiter;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/orders");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("POST".equals(request.getMethod()) && !limiter.acquirePermission()) {
            throw Rejection.of(ProblemCode.RATE_LIMITED, "Too many order requests; slow down")
                    .retryAfter(Duration.ofSeconds(1)).toException();
        }
        return true;
    }
}
