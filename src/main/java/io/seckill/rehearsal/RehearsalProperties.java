package io.seckill.rehearsal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.rehearsal.*}: the node's own rehearsal of a sale when it starts, so that its first real
 * sale runs on compiled code (BENCHMARKS.md).
 *
 * @param enabled        rehearse when the node starts (health is OUT_OF_SERVICE meanwhile)
 * @param unitsPerRound  units of each rehearsal sale, each sold through captcha, token and order
 * @param clients        buyers at once
 * @param maxRounds      sales at most
 * @param maxDuration    time at most; a rehearsal also stops at once when a real promo is on
 * @param plateau        the rehearsal stops when two sales in a row were not this much faster than the fastest
 *                       before them: the JIT compiler has done what makes a difference (measured on 2 cores:
 *                       2,000 units took 10.6 s in the first sale, 4.3 in the third, 2.2 in the tenth)
 */
@ConfigurationProperties("seckill.rehearsal")
public record RehearsalProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2000") int unitsPerRound,
        @DefaultValue("64") int clients, @DefaultValue("12") int maxRounds, @DefaultValue("90s") Duration maxDuration,
        @DefaultValue("0.05") double plateau) {
}
