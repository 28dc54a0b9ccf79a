package io.seckill.gate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.gate.*}: the gate issues at most {@code factor} x initial stock tokens per promo;
 * tokens and captchas live for their lifetimes. {@code captchasAhead} pictures are drawn before they are
 * asked for, at most {@code captchasAheadPerSecond} a second, so that the opening second of a sale does
 * not spend its CPU on drawing (0: draw each one when asked).
 */
@ConfigurationProperties("seckill.gate")
public record GateProperties(@DefaultValue("5") int factor, @DefaultValue("5m") Duration tokenLifetime,
        @DefaultValue("5m") Duration captchaLifetime, @DefaultValue("12000") int captchasAhead,
        @DefaultValue("500") int captchasAheadPerSecond) {
}
