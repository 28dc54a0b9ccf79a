package io.seckill.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import io.seckill.support.Api;
import io.seckill.support.Shop;

/**
 * Without {@code seckill.loadtest.enabled} the load-test helpers do not exist: no bulk users, no
 * captcha answer in a header. A context of its own (same engines, no clean slate: it only reads).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "seckill.loadtest.enabled=false")
@ActiveProfiles("test")
class LoadTestModeOffTests {

    @LocalServerPort
    int port;

    @Test
    void theHelpersAreAbsentWithoutLoadTestMode() {
        var api = new Api(port);
        var shop = new Shop(api);
        var created = api.post("/api/admin/loadtest/users", shop.admin(), Map.of("prefix", "x", "count", 1));
        assertThat(created.status()).isEqualTo(404);
        assertThat(created.code()).isEqualTo("NOT_FOUND");

        var promoId = shop.createPromo(shop.createItem(3), Instant.now().minusSeconds(1),
                Instant.now().plus(Duration.ofHours(1)), 1);
        shop.publish(promoId);
        var name = "nohelp" + Shop.unique();
        api.post("/api/users", null, Map.of("username", name, "password", "password-1"));
        var session = api.post("/api/sessions", null, Map.of("username", name, "password", "password-1"))
                .json().get("token").asString();
        var captcha = api.get("/api/promos/" + promoId + "/captcha", session);
        assertThat(captcha.status()).isEqualTo(200);
        assertThat(captcha.header("X-Captcha-Answer")).isNull();
    }
}
