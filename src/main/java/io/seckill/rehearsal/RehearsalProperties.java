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
 * @param maxDuration    time at most, a sale in progress included (its buyers start no new purchase); a rehearsal
 *                       also stops at once when a real promo is on
 * @param quietCompiler  the rehearsal stops after a sale during which the JIT compilers worked less than this
 *                       share of its time: the code the sale runs is compiled. Sales stop getting faster well
 *                       before that (BENCHMARKS.md: on 2 cores the C2 compiler was still busy all the time
 *                       when they did, and then compiled the buying path during the first real sale, since
 *                       its queue had held back the methods the rehearsal made hot)
 */
@ConfigurationProperties("seckill.rehearsal")
public record RehearsalProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2000") int unitsPerRound,
        @DefaultValue("64") int clients, @DefaultValue("40") int maxRounds, @DefaultValue("180s") Duration maxDuration,
        @DefaultValue("0.1") double quietCompiler) {
}
