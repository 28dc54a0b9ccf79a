package io.seckill.gate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.gate.*}: the gate issues at most {@code factor} x initial stock tokens per promo;
 * tokens and captchas live for their lifetimes.
 */
@ConfigurationProperties("seckill.gate")
public record GateProperties(@DefaultValue("5") int factor, @DefaultValue("5m") Duration tokenLifetime,
        @DefaultValue("5m") Duration captchaLifetime) {
}
