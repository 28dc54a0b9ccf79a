package io.seckill.platform.web;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Every request has an id: the one nginx gives it ({@code X-Request-Id: $request_id}) or, straight to a
 * node, one of the node's own. It is in the answer's {@value #HEADER} header, in every log line written
 * while the request is served ({@code logging.pattern.correlation}) and in problem answers
 * ({@code requestId}), so that a buyer's complaint leads to the lines that served it. A plain filter, not a
 * OncePerRequestFilter: it runs on every request and its attribute bookkeeping would cost more than the id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds implements Filter {

    public static final String HEADER = "X-Request-Id";
    public static final String LOG_KEY = "requestId";
    /** What a proxy's id may look like; anything else (too long, odd characters) is replaced, not logged. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Ids of this node: a random prefix per start, then a sequence. */
    private final String prefix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "-";
    private final AtomicLong sequence = new AtomicLong();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        var given = ((HttpServletRequest) request).getHeader(HEADER);
        var id = given != null && ACCEPTED.matcher(given).matches() ? given
                : prefix + Long.toString(sequence.incrementAndGet(), 36);
        ((HttpServletResponse) response).setHeader(HEADER, id);
        MDC.put(LOG_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(LOG_KEY);
        }
    }

    /** The id of the request this thread serves, or null outside one. */
    public static String current() {
        return MDC.get(LOG_KEY);
    }
}
