package io.seckill.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.throttle.*}: budgets against guessing and overload, per node.
 *
 * @param loginFailuresPerUsername failed logins per username per minute before 429
 * @param loginsPerAddress         login attempts per client address per minute
 * @param gatePerUser              captcha and token requests per user per second
 * @param inFlight                 API requests one node works on at once; beyond that 503 BUSY at once
 *                                 (0: no limit). Size it to the node's capacity times the answer time you
 *                                 promise: 100 ms at 2,000 requests/s is about 200
 */
@ConfigurationProperties("seckill.throttle")
public record ThrottleProperties(@DefaultValue("10") int loginFailuresPerUsername,
        @DefaultValue("300") int loginsPerAddress, @DefaultValue("10") int gatePerUser,
        @DefaultValue("1000") int inFlight) {
}
