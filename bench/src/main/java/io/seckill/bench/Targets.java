package io.seckill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What issue 13 asks of a run: throughput of the sale, the application's CPU per unit sold, the request mix
 * after the sell-out (how a sold-out reject, an authenticated GET and a request for a path that does not exist
 * cost next to the cheapest read, an anonymous item read), and at ten times the clients the latency of the
 * admitted requests of a purchase and of the shed answers. Each target with the figure this run measured.
 */
final class Targets {

    /** Ten times the default clients (200): the load under which issue 13 bounds the latencies. */
    static final int TEN_TIMES_CLIENTS = 2_000;

    /**
     * A target, the figure measured for it (null when the run did not measure it), the verdict, and for a target
     * about several steps the figure of each (the measured one is the worst of them).
     */
    record Target(String figure, String target, Double measured, String verdict,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> byStep) {

        static Target atLeast(String figure, double bound, Double measured) {
            return new Target(figure, ">= " + number(bound), measured,
                    measured == null ? "-" : measured >= bound ? "met" : "not met", Map.of());
        }

        static Target atMost(String figure, double bound, String unit, Double measured) {
            return new Target(figure, "<= " + number(bound) + unit, measured,
                    measured == null ? "-" : measured <= bound ? "met" : "not met", Map.of());
        }

        static Target below(String figure, double bound, String unit, Double measured) {
            return new Target(figure, "< " + number(bound) + unit, measured,
                    measured == null ? "-" : measured < bound ? "met" : "not met", Map.of());
        }

        Target byStep(Map<String, Double> figures) {
            return new Target(figure, target, measured, verdict, figures);
        }
    }

    /**
     * The figures the targets are about; the p99s in milliseconds by step label: of the admitted captcha, token
     * and order requests, and of the shed answers of every step that shed any.
     */
    record Measured(Double ordersPerSecond, Double applicationCpuMsPerSoldUnit, Double authenticatedToItemReadRatio,
            Double unknownPathToItemReadRatio, Double floodToBaselineRatio, int clients, Map<String, Double> admittedP99,
            Map<String, Double> shedP99) {
    }

    private Targets() {
    }

    static List<Target> of(Measured measured) {
        return List.of(
                Target.atLeast("successful orders/s", 5_000, measured.ordersPerSecond()),
                Target.atMost("application CPU per sold unit (ms)", 0.4, " ms", measured.applicationCpuMsPerSoldUnit()),
                Target.atLeast("GET /api/users/me (authenticated) / item read (anonymous)", 0.8,
                        measured.authenticatedToItemReadRatio()),
                Target.atLeast("unknown path (404) / item read", 0.5, measured.unknownPathToItemReadRatio()),
                Target.atLeast("sold-out reject (flood rejections/s) / GET /api/users/me", 0.8,
                        measured.floodToBaselineRatio()),
                Target.atMost("C >= 10x: admitted captcha/token/order p99", 100, " ms",
                        measured.clients() >= TEN_TIMES_CLIENTS && measured.admittedP99().size() == 3
                                ? worst(measured.admittedP99()) : null).byStep(measured.admittedP99()),
                Target.below("shed answers p99", 5, " ms", worst(measured.shedP99())).byStep(measured.shedP99()));
    }

    /** The largest of the figures, null when there are none. */
    private static Double worst(Map<String, Double> figures) {
        return figures.values().stream().max(Double::compare).orElse(null);
    }

    /** The targets as a markdown table. */
    static List<String> table(List<Target> targets) {
        var lines = new ArrayList<String>();
        lines.add("| target | wanted | measured | |");
        lines.add("|---|---|---|---|");
        for (var t : targets) {
            lines.add("| " + t.figure() + " | " + t.target() + " | " + measured(t) + " | " + t.verdict() + " |");
        }
        return lines;
    }

    /** The measured figure, or for a target about several steps the figure of each: "captcha 12.5 / order 80.1". */
    private static String measured(Target target) {
        if (!target.byStep().isEmpty()) {
            return target.byStep().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(" / "));
        }
        return target.measured() == null ? "-" : target.measured().toString();
    }

    /** A ratio of two rates, or null when one of them was not measured or the divisor is 0. */
    static Double ratio(Double numerator, Double divisor) {
        return numerator == null || divisor == null || divisor <= 0 ? null : Figures.round(numerator / divisor);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value) : Double.toString(value);
    }
}
