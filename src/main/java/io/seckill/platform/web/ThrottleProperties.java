package io.seckill.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.throttle.*}: budgets against guessing and overload, per node.
 *
 * @param loginFailuresPerUsername failed logins per username per minute before 429
 * @param loginsPerAddress         login attempts per client address per minute
 * @param gatePerUser              captcha and token requests per user per second
 */
@ConfigurationProperties("seckill.throttle")
public record ThrottleProperties(@DefaultValue("10") int loginFailuresPerUsername,
        @DefaultValue("300") int loginsPerAddress, @DefaultValue("10") int gatePerUser) {
}
