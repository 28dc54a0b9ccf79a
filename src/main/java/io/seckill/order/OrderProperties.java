package io.seckill.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.order.*}: the load shedding in front of order intake, per node.
 *
 * @param rateLimit    requests per second let in; beyond that 429 RATE_LIMITED
 * @param workers      threads placing batches of orders at once
 * @param batchSize    orders placed together at most (one message, one Lua call, one transaction)
 * @param queue        orders a node holds at once, waiting or being placed; beyond that 503 BUSY
 * @param pendingGrace how long a stock-log row may stay INIT before the check-back rolls it back
 */
@ConfigurationProperties("seckill.order")
public record OrderProperties(@DefaultValue("20000") int rateLimit, @DefaultValue("2") int workers,
        @DefaultValue("100") int batchSize, @DefaultValue("1000") int queue, @DefaultValue("20s") Duration pendingGrace) {
}
