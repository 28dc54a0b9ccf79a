package io.seckill.platform;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a production node that would be unsafe: load-test helpers on (captcha answers in
 * headers, bulk sessions) or no admin password (never a generated or default one in production).
 */
@Component
@Profile("prod")
class ProductionGuard {

    ProductionGuard(LoadTestProperties loadTest, org.springframework.core.env.Environment environment) {
        if (loadTest.enabled()) {
            throw new IllegalStateException(
                    "Refusing to start: seckill.loadtest.enabled=true is not allowed in the prod profile");
        }
        var password = environment.getProperty("seckill.admin.password");
        if (password == null || password.isBlank()) {
            throw new IllegalStateException(
                    "Refusing to start: the prod profile needs seckill.admin.password (SECKILL_ADMIN_PASSWORD)");
        }
        if (environment.getProperty("seckill.embedded.enabled", Boolean.class, true)) {
            throw new IllegalStateException("Refusing to start: the prod profile must not start embedded engines");
        }
    }
}
