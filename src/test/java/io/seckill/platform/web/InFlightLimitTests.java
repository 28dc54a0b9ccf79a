package io.seckill.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** A node past its in-flight limit answers the next API request BUSY at once, and only while it is full. */
class InFlightLimitTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InFlightLimit limit = new InFlightLimit(new ThrottleProperties(10, 300, 10, 2),
            JsonMapper.builder().build(), meters);

    @Test
    void pastTheLimitAnApiRequestIsBusyAtOnceAndTheNextOneAfterwardsIsServed() throws Exception {
        var release = new CountDownLatch(1);
        var working = new CountDownLatch(2);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2; i++) {
                pool.submit(() -> {
                    limit.doFilter(request("/api/orders"), new MockHttpServletResponse(), new MockFilterChain(new HttpServlet() {
                        @Override
                        protected void service(HttpServletRequest request, HttpServletResponse response) {
                            working.countDown();
                            try {
                                release.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }));
                    return null;
                });
            }
            assertThat(working.await(10, TimeUnit.SECONDS)).as("two requests in progress").isTrue();

            var shed = serve("/api/orders");
            assertThat(shed.getStatus()).isEqualTo(503);
            assertThat(shed.getContentType()).isEqualTo("application/problem+json");
            assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
            assertThat(shed.getContentAsString()).contains("\"code\":\"BUSY\"").contains("\"instance\":\"/api/orders\"");
            assertThat(serve("/api/admin/promos/1/stats").getStatus()).as("admins are never shed").isEqualTo(200);
            assertThat(serve("/actuator/health").getStatus()).as("nor operations").isEqualTo(200);
            release.countDown();
        }
        assertThat(serve("/api/orders").getStatus()).as("room again").isEqualTo(200);
        assertThat(meters.counter("seckill.requests.shed").count()).isEqualTo(1);
    }

    private MockHttpServletResponse serve(String path) throws Exception {
        var response = new MockHttpServletResponse();
        limit.doFilter(request(path), response, new MockFilterChain());
        return response;
    }

    private static MockHttpServletRequest request(String path) {
        var request = new MockHttpServletRequest("POST", path);
        request.setRequestURI(path);
        return request;
    }
}
