package io.seckill.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.platform.web.Admission.Door;
import io.seckill.platform.web.AdmissionProperties.Algorithm;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each door of the API admits as many requests at once as its limit and answers the next one BUSY at once;
 * the limit follows the answer times.
 */
class AdmissionTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void pastItsLimitADoorAnswersBusyAtOnceWhileTheOtherDoorsAndAdminsAreServed() throws Exception {
        var admission = admission(new AdmissionProperties(Algorithm.FIXED, 2, 1, 2, Duration.ofMillis(100)));
        var release = new CountDownLatch(1);
        var working = new CountDownLatch(2);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2; i++) {
                pool.submit(() -> {
                    admission.doFilter(request("POST", "/api/orders"), new MockHttpServletResponse(),
                            new MockFilterChain(holding(working, release)));
                    return null;
                });
            }
            assertThat(working.await(10, TimeUnit.SECONDS)).as("two orders in progress").isTrue();

            var shed = serve(admission, "POST", "/api/orders");
            assertThat(shed.getStatus()).isEqualTo(503);
            assertThat(shed.getContentType()).isEqualTo("application/problem+json");
            assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
            assertThat(shed.getContentAsString()).contains("\"code\":\"BUSY\"").contains("\"instance\":\"/api/orders\"");
            assertThat(serve(admission, "GET", "/api/promos/7/captcha").getStatus()).as("the gate has its own limit")
                    .isEqualTo(200);
            assertThat(serve(admission, "GET", "/api/orders").getStatus()).as("reading orders is not placing them")
                    .isEqualTo(200);
            assertThat(serve(admission, "POST", "/api/admin/promos/1/publish").getStatus()).as("admins are never shed")
                    .isEqualTo(200);
            assertThat(serve(admission, "GET", "/actuator/health").getStatus()).as("nor operations").isEqualTo(200);
            release.countDown();
        }
        assertThat(serve(admission, "POST", "/api/orders").getStatus()).as("room again").isEqualTo(200);
        assertThat(meters.counter("seckill.requests.shed", "door", "orders").count()).isEqualTo(1);
    }

    @Test
    void answersSlowerThanTheGoalLowerTheLimitAndFastOnesUnderLoadRaiseItAgain() throws Exception {
        var admission = admission(new AdmissionProperties(Algorithm.AIMD, 20, 2, 40, Duration.ofMillis(50)));
        for (int i = 0; i < 10; i++) {
            admission.doFilter(request("POST", "/api/promos/1/tokens"), new MockHttpServletResponse(),
                    new MockFilterChain(sleeping(Duration.ofMillis(60))));
        }
        int lowered = admission.limit(Door.GATE);
        assertThat(lowered).as("ten slow answers").isLessThan(20);

        // The limit only grows while it is used: eight requests at a time, each answered in a millisecond.
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < 8; client++) {
                pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        admission.doFilter(request("POST", "/api/promos/1/tokens"), new MockHttpServletResponse(),
                                new MockFilterChain(sleeping(Duration.ofMillis(1))));
                    }
                    return null;
                });
            }
        }
        assertThat(admission.limit(Door.GATE)).as("fast answers at the limit").isGreaterThan(lowered);
        assertThat(admission.limit(Door.API)).as("another door's limit did not move").isEqualTo(20);
    }

    @Test
    void aBusyAnswerFromFurtherInCountsAsOverload() throws Exception {
        var admission = admission(new AdmissionProperties(Algorithm.AIMD, 20, 2, 40, Duration.ofSeconds(10)));
        var busy = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                response.setStatus(503);
            }
        };
        admission.doFilter(request("GET", "/api/promos/1/captcha"), new MockHttpServletResponse(),
                new MockFilterChain(busy));
        assertThat(admission.limit(Door.GATE)).isLessThan(20);
    }

    @Test
    void theOrderDoorKeepsItsMaximumSinceBatchesNeedCompany() throws Exception {
        var admission = admission(new AdmissionProperties(Algorithm.AIMD, 20, 2, 40, Duration.ofMillis(1)));
        for (int i = 0; i < 5; i++) {
            admission.doFilter(request("POST", "/api/orders"), new MockHttpServletResponse(),
                    new MockFilterChain(sleeping(Duration.ofMillis(5))));
        }
        assertThat(admission.limit(Door.ORDERS)).isEqualTo(40);
    }

    @Test
    void offAdmitsEverything() throws Exception {
        var admission = admission(new AdmissionProperties(Algorithm.OFF, 1, 1, 1, Duration.ofMillis(100)));
        var release = new CountDownLatch(1);
        var working = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.submit(() -> {
                admission.doFilter(request("POST", "/api/orders"), new MockHttpServletResponse(),
                        new MockFilterChain(holding(working, release)));
                return null;
            });
            assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(serve(admission, "POST", "/api/orders").getStatus()).isEqualTo(200);
            release.countDown();
        }
    }

    private Admission admission(AdmissionProperties properties) {
        return new Admission(properties, JsonMapper.builder().build(), meters);
    }

    private static HttpServlet holding(CountDownLatch working, CountDownLatch release) {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                working.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static HttpServlet sleeping(Duration time) {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                try {
                    Thread.sleep(time);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static MockHttpServletResponse serve(Admission admission, String method, String path) throws Exception {
        var response = new MockHttpServletResponse();
        admission.doFilter(request(method, path), response, new MockFilterChain());
        return response;
    }

    private static MockHttpServletRequest request(String method, String path) {
        var request = new MockHttpServletRequest(method, path);
        request.setRequestURI(path);
        return request;
    }
}
