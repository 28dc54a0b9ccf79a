package io.seckill.platform.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.admission.*}: how many API requests a node works on at once, per door (orders, the
 * captcha and token gate, the rest of the API), found as it goes rather than fixed (BENCHMARKS.md).
 *
 * @param algorithm    how the limit moves: {@code aimd} (down by a tenth when an answer takes longer
 *                     than {@code latencyGoal}, up by one otherwise, while the limit is in use: it sold
 *                     fastest of the three at 200 and 2,000 clients, BENCHMARKS.md), {@code gradient2}
 *                     (latency against its own recent average), {@code vegas} (against the lowest latency
 *                     seen), {@code fixed} ({@code maxLimit} always), {@code off}
 * @param initialLimit where the limit starts
 * @param minLimit     the limit never goes below this
 * @param maxLimit     nor above this (the fixed limit, too)
 * @param latencyGoal  aimd only: an answer slower than this lowers the limit (the answer time promised)
 */
@ConfigurationProperties("seckill.admission")
public record AdmissionProperties(@DefaultValue("aimd") Algorithm algorithm, @DefaultValue("100") int initialLimit,
        @DefaultValue("10") int minLimit, @DefaultValue("1000") int maxLimit,
        @DefaultValue("100ms") Duration latencyGoal) {

    public enum Algorithm { GRADIENT2, VEGAS, AIMD, FIXED, OFF }
}
