package io.seckill.order.internal;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.seckill.order.OrderProperties;
import io.seckill.platform.web.ApiErrors;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The door of {@code POST /api/orders}, in front of Spring MVC. After a sell-out nearly every request is
 * a "no" that memory can give, and Spring MVC's reading of the body (message converters, validation) and
 * writing of the problem cost more than the answer itself (BENCHMARKS.md, the sold-out reject). So:
 * <ol>
 * <li>the node's rate limit: past {@link OrderProperties#rateLimit()} a second, 429 RATE_LIMITED;</li>
 * <li>a plain, valid body ({@code promoId} and {@code quantity} in range, {@code token} a string, nothing
 * else) is read here, and what {@link OrderIntake#refusalFromMemory} answers (promo not open, over the
 * per-user limit, sold out) is written at once;</li>
 * <li>everything else goes on to the controller with the body as it came, which answers it in full
 * (validation, the buyer, the token).</li>
 * </ol>
 * The answers are the ones the controller gives for the same request; {@code OrderDoorTests} compares them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class OrderDoor extends OncePerRequestFilter {

    static final String PATH = "/api/orders";
    /** Longer bodies are not an order a client of ours sends: left to the controller. */
    private static final int PLAIN_BODY_LIMIT = 1024;

    private final RateLimiter limiter;
    private final OrderIntake intake;
    private final JsonMapper json;

    OrderDoor(OrderProperties properties, OrderIntake intake, JsonMapper json) {
        this.limiter = RateLimiter.of("order-intake", RateLimiterConfig.custom()
                .limitForPeriod(properties.rateLimit())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
        this.intake = intake;
        this.json = json;
    }

    RateLimiter limiter() {
        return limiter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !PATH.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!limiter.acquirePermission()) {
            answer(Rejection.of(ProblemCode.RATE_LIMITED, "Too many order requests; slow down")
                    .retryAfter(Duration.ofSeconds(1)), request, response);
            return;
        }
        if (!plainJson(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(request.getContentLength());
        var order = PlainOrder.read(json, body);
        var refused = order == null ? null : intake.refusalFromMemory(order.promoId(), order.quantity()).orElse(null);
        if (refused != null) {
            answer(refused.rejection(), request, response);
            return;
        }
        chain.doFilter(new ReadAgain(request, body), response);
    }

    private void answer(Rejection rejection, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        // the request's metrics name the endpoint, as Spring MVC would have named it
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(PATH));
        ApiErrors.write(rejection, request, response, json);
    }

    /** A JSON body of a known, small length, to an answer JSON suits: the only kind this door reads. */
    private static boolean plainJson(HttpServletRequest request) {
        int length = request.getContentLength();
        if (length <= 0 || length > PLAIN_BODY_LIMIT) {
            return false;
        }
        var type = request.getContentType();
        if (type == null) {
            return false;
        }
        type = type.replace(" ", "").toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.equals("application/json;charset=utf-8")) {
            return false;
        }
        var accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept == null || accept.contains("*/*") || accept.contains("json");
    }

    /** The order body when it is exactly what a client of ours sends and would pass validation, else null. */
    record PlainOrder(long promoId, int quantity) {

        static PlainOrder read(JsonMapper json, byte[] body) {
            long promoId = 0;
            int quantity = 0;
            boolean tokenSeen = false;
            try (var parser = json.createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                for (var field = parser.nextName(); field != null; field = parser.nextName()) {
                    var value = parser.nextToken();
                    // a field given twice, or out of range, is left to the controller, which refuses it (an
                    // accepted promoId or quantity is never zero, so zero means "not given yet")
                    switch (field) {
                        case "promoId" -> {
                            if (promoId != 0 || value != JsonToken.VALUE_NUMBER_INT
                                    || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                                return null;
                            }
                            promoId = parser.getLongValue();
                            if (promoId <= 0) {
                                return null;
                            }
                        }
                        case "quantity" -> {
                            if (quantity != 0 || value != JsonToken.VALUE_NUMBER_INT
                                    || parser.getNumberType() != JsonParser.NumberType.INT) {
                                return null;
                            }
                            quantity = parser.getIntValue();
                            if (quantity <= 0) {
                                return null;
                            }
                        }
                        case "token" -> {
                            if (tokenSeen || value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                                return null;
                            }
                            tokenSeen = true;
                        }
                        default -> {
                            return null;
                        }
                    }
                }
                if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                    return null;
                }
            } catch (JacksonException malformed) {
                return null; // the controller says what is wrong with it
            }
            return promoId > 0 && quantity >= 1 && quantity <= OrderController.PlaceOrder.MAX_QUANTITY ? new PlainOrder(promoId, quantity) : null;
        }
    }

    /** The request with its body, already read here, to be read again by Spring MVC. */
    private static final class ReadAgain extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadAgain(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }
    }
}
