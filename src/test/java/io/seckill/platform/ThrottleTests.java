package io.seckill.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.seckill.support.Api;
import io.seckill.support.IntegrationTest;
import io.seckill.support.Shop;

/** Guessing costs: failed logins per username and gate requests per user have a budget. */
class ThrottleTests extends IntegrationTest {

    @Test
    void afterTenFailedLoginsTheUsernameIsLockedForAMinuteEvenWithTheRightPassword() {
        var name = "victim" + Shop.unique();
        api.post("/api/users", null, Map.of("username", name, "password", "right-password"));
        for (int i = 0; i < 10; i++) {
            assertThat(api.post("/api/sessions", null, Map.of("username", name, "password", "guess-" + i)).code())
                    .isEqualTo("BAD_CREDENTIALS");
        }

        var locked = api.post("/api/sessions", null, Map.of("username", name, "password", "right-password"));

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.code()).isEqualTo("RATE_LIMITED");
        assertThat(locked.header("Retry-After")).isEqualTo("60");
        var other = "bystander" + Shop.unique();
        api.post("/api/users", null, Map.of("username", other, "password", "right-password"));
        assertThat(api.post("/api/sessions", null, Map.of("username", other, "password", "right-password")).status())
                .as("other users are not affected").isEqualTo(201);
    }

    @Test
    void aBuyerHammeringTheGateIsRateLimited() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        int limited = 0;
        for (int i = 0; i < 30; i++) {
            Api.Response captcha = api.get("/api/promos/" + sale.promoId() + "/captcha", buyer.session());
            if (captcha.status() == 429) {
                assertThat(captcha.code()).isEqualTo("RATE_LIMITED");
                assertThat(captcha.header("Retry-After")).isEqualTo("1");
                limited++;
            }
        }
        assertThat(limited).isPositive();
    }
}
