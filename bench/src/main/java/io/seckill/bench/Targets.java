package io.seckill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What issue 13 asks of a run: throughput of the sale, the application's CPU per unit sold, and the request mix
 * after the sell-out (how a sold-out reject, an authenticated GET and a request for a path that does not exist
 * cost next to the cheapest read, an anonymous item read). Each target with the figure this run measured.
 */
final class Targets {

    /** A target, the figure measured for it (null when the run did not measure it) and the verdict. */
    record Target(String figure, String target, Double measured, String verdict) {

        static Target atLeast(String figure, double bound, Double measured) {
            return new Target(figure, ">= " + number(bound), measured, measured == null ? "-" : measured >= bound ? "met" : "not met");
        }

        static Target atMost(String figure, double bound, String unit, Double measured) {
            return new Target(figure, "<= " + number(bound) + unit, measured,
                    measured == null ? "-" : measured <= bound ? "met" : "not met");
        }
    }

    /** The figures the targets are about. */
    record Measured(Double ordersPerSecond, Double applicationCpuMsPerSoldUnit, Double authenticatedToItemReadRatio,
            Double unknownPathToItemReadRatio, Double floodToBaselineRatio) {
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
                        measured.floodToBaselineRatio()));
    }

    /** The targets as a markdown table. */
    static List<String> table(List<Target> targets) {
        var lines = new ArrayList<String>();
        lines.add("| target | wanted | measured | |");
        lines.add("|---|---|---|---|");
        for (var t : targets) {
            lines.add("| " + t.figure() + " | " + t.target() + " | " + (t.measured() == null ? "-" : t.measured()) + " | "
                    + t.verdict() + " |");
        }
        return lines;
    }

    /** A ratio of two rates, or null when one of them was not measured or the divisor is 0. */
    static Double ratio(Double numerator, Double divisor) {
        return numerator == null || divisor == null || divisor <= 0 ? null : Figures.round(numerator / divisor);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value) : Double.toString(value);
    }
}
