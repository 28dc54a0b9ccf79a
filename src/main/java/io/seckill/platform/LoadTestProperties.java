package io.seckill.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code seckill.loadtest.enabled}: exposes the load-test helpers (bulk users, captcha answers in a
 * header). Never in production: the prod profile refuses to start with it.
 */
@ConfigurationProperties("seckill.loadtest")
public record LoadTestProperties(boolean enabled) {
}
