package io.seckill.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

import io.seckill.bench.LoadRun.Window;
import io.seckill.bench.Samples.Sample;
import io.seckill.bench.Samples.Step;

/** The figures of a run, computed from its samples: per step, per phase, per second. */
final class Figures {

    private static final long MAX_MICROS = 3_600_000_000L;

    /** Latency percentiles in milliseconds, and counts by outcome. */
    record StepFigures(long count, double p50, double p90, double p99, double max, Map<String, Long> byOutcome) {
    }

    /**
     * A step's answers in two parts: the shed ones (see {@link #shed}) and the admitted ones, every other answer;
     * null for a part that had none.
     */
    record Split(StepFigures admitted, StepFigures shed) {
    }

    /**
     * Requests of one phase: how many, how long, per second by outcome; successes are the expected answers (2xx,
     * and for the unknown path its 404 NOT_FOUND), rejections the other answers; the CPU the load generator and
     * the application used meanwhile, per second (cores) and per request (milliseconds).
     */
    record PhaseFigures(String name, double seconds, long requests, double perSecond, Map<String, Double> perSecondByOutcome,
            double rejectionsPerSecond, double successesPerSecond, double loadGeneratorCores, Double applicationCores,
            double loadGeneratorCpuSeconds, Double applicationCpuSeconds, Double loadGeneratorCpuMsPerRequest,
            Double applicationCpuMsPerRequest) {
    }

    /** One second of the run. */
    record Second(int second, long requests, long orders, long floodRejections, long baseline, long itemReads,
            double p50, double p99, double orderP99, long unknownPaths) {
    }

    final Map<Step, StepFigures> steps = new EnumMap<>(Step.class);
    final Map<Step, Split> split = new EnumMap<>(Step.class);
    StepFigures confirmedOrders;
    final List<PhaseFigures> phases = new ArrayList<>();
    final List<Second> timeline = new ArrayList<>();

    static Figures of(List<Sample> samples, List<Window> windows) {
        var figures = new Figures();
        var byStep = new EnumMap<Step, List<Sample>>(Step.class);
        for (var sample : samples) {
            byStep.computeIfAbsent(sample.step(), s -> new ArrayList<>()).add(sample);
        }
        byStep.forEach((step, list) -> {
            figures.steps.put(step, stepFigures(list));
            var shed = list.stream().collect(Collectors.partitioningBy(sample -> shed(sample.outcome())));
            figures.split.put(step, new Split(stepFigures(shed.get(false)), stepFigures(shed.get(true))));
        });
        var placed = byStep.getOrDefault(Step.ORDER, List.of()).stream().filter(s -> s.outcome().equals("201")).toList();
        figures.confirmedOrders = stepFigures(placed);
        var byName = new LinkedHashMap<String, List<Window>>();
        for (var window : windows) {
            byName.computeIfAbsent(window.name(), n -> new ArrayList<>()).add(window);
        }
        byName.forEach((name, slices) -> figures.phases.add(phaseFigures(name, slices, samples)));
        figures.timeline.addAll(timeline(samples));
        return figures;
    }

    /** Per phase, the CPU milliseconds per request of the application and of the load generator. */
    Map<String, Map<String, Double>> cpuMsPerRequest() {
        var costs = new LinkedHashMap<String, Map<String, Double>>();
        for (var phase : phases) {
            var cost = new LinkedHashMap<String, Double>();
            cost.put("application", phase.applicationCpuMsPerRequest());
            cost.put("loadGenerator", phase.loadGeneratorCpuMsPerRequest());
            costs.put(phase.name(), cost);
        }
        return costs;
    }

    /** The p99 of the admitted answers of these steps, by step label, for those of them that had any. */
    Map<String, Double> admittedP99(List<Step> steps) {
        return p99(steps, Split::admitted);
    }

    /** The p99 of the shed answers, by step label, for the steps that shed any. */
    Map<String, Double> shedP99() {
        return p99(List.of(Step.values()), Split::shed);
    }

    private Map<String, Double> p99(List<Step> steps, Function<Split, StepFigures> part) {
        var p99 = new LinkedHashMap<String, Double>();
        for (var step : steps) {
            var figures = split.containsKey(step) ? part.apply(split.get(step)) : null;
            if (figures != null) {
                p99.put(step.label, figures.p99());
            }
        }
        return p99;
    }

    PhaseFigures phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** The samples' figures, null when there are none. */
    private static StepFigures stepFigures(List<Sample> samples) {
        if (samples.isEmpty()) {
            return null;
        }
        var histogram = new Histogram(MAX_MICROS, 3);
        var outcomes = new TreeMap<String, Long>();
        for (var sample : samples) {
            histogram.recordValue(Math.min(MAX_MICROS, Math.max(1, sample.latencyMicros())));
            outcomes.merge(sample.outcome(), 1L, Long::sum);
        }
        return new StepFigures(histogram.getTotalCount(), ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(90)), ms(histogram.getValueAtPercentile(99)), ms(histogram.getMaxValue()),
                outcomes);
    }

    /** A phase, possibly run in several slices (the kinds of the request mix take turns). */
    private static PhaseFigures phaseFigures(String name, List<Window> windows, List<Sample> samples) {
        var steps = switch (name) {
            case "sale" -> List.of(Step.CAPTCHA, Step.TOKEN, Step.ORDER);
            case "flood" -> List.of(Step.FLOOD);
            case "baseline" -> List.of(Step.BASELINE);
            case "unknown path" -> List.of(Step.UNKNOWN_PATH);
            default -> List.of(Step.ITEM_READ);
        };
        var counts = new TreeMap<String, Long>();
        long requests = 0;
        long rejections = 0;
        long successes = 0;
        for (var sample : samples) {
            if (steps.contains(sample.step()) && windows.stream().anyMatch(w -> sample.endMicros() >= w.startMicros()
                    && sample.endMicros() <= w.endMicros())) {
                counts.merge(sample.outcome(), 1L, Long::sum);
                requests++;
                if (expected(sample.step(), sample.outcome())) {
                    successes++;
                } else if (!sample.outcome().equals("TIMEOUT") && !sample.outcome().equals("IO_ERROR")) {
                    rejections++;
                }
            }
        }
        double seconds = windows.stream().mapToDouble(Window::seconds).sum();
        double loadGeneratorCpu = windows.stream().mapToDouble(Window::loadGeneratorCpu).sum();
        double applicationCpu = windows.stream().mapToDouble(Window::applicationCpu).sum();
        boolean appKnown = !Double.isNaN(applicationCpu);
        var perSecond = new LinkedHashMap<String, Double>();
        counts.forEach((outcome, n) -> perSecond.put(outcome, round(n / seconds)));
        return new PhaseFigures(name, round(seconds), requests, round(requests / seconds), perSecond,
                round(rejections / seconds), round(successes / seconds), round(loadGeneratorCpu / seconds),
                appKnown ? round(applicationCpu / seconds) : null, round(loadGeneratorCpu, 3),
                appKnown ? round(applicationCpu, 3) : null, millisEach(loadGeneratorCpu, requests),
                appKnown ? millisEach(applicationCpu, requests) : null);
    }

    /**
     * Whether an outcome is the answer the step should get: a 2xx, and for a path that does not exist its 404
     * NOT_FOUND (answering it is the server's work done right, not a refusal).
     */
    static boolean expected(Step step, String outcome) {
        return step == Step.UNKNOWN_PATH ? outcome.equals("NOT_FOUND") : Character.isDigit(outcome.charAt(0));
    }

    /**
     * Whether an outcome is a shed answer: one the server turned away at once for load, to be tried again after
     * its Retry-After. The application's BUSY and RATE_LIMITED, and a proxy's bare 429 or 503 (nginx limit_req, no
     * upstream).
     */
    static boolean shed(String outcome) {
        return switch (outcome) {
            case "BUSY", "RATE_LIMITED", "HTTP_429", "HTTP_503" -> true;
            default -> false;
        };
    }

    /** CPU seconds spread over a count, in milliseconds each (null for a count of 0 or an unknown CPU time). */
    static Double millisEach(double cpuSeconds, long count) {
        return count <= 0 || Double.isNaN(cpuSeconds) ? null : round(cpuSeconds * 1000 / count, 3);
    }

    private static List<Second> timeline(List<Sample> samples) {
        var seconds = new TreeMap<Integer, List<Sample>>();
        for (var sample : samples) {
            seconds.computeIfAbsent((int) Math.max(0, sample.endMicros() / 1_000_000), s -> new ArrayList<>()).add(sample);
        }
        var timeline = new ArrayList<Second>();
        if (seconds.isEmpty()) {
            return timeline;
        }
        for (int second = 0; second <= seconds.lastKey(); second++) {
            var list = seconds.getOrDefault(second, List.of());
            var all = new Histogram(MAX_MICROS, 2);
            var orders = new Histogram(MAX_MICROS, 2);
            long placed = 0;
            long flood = 0;
            long baseline = 0;
            long reads = 0;
            long unknown = 0;
            for (var sample : list) {
                long latency = Math.min(MAX_MICROS, Math.max(1, sample.latencyMicros()));
                all.recordValue(latency);
                switch (sample.step()) {
                    case ORDER -> {
                        orders.recordValue(latency);
                        placed += sample.outcome().equals("201") ? 1 : 0;
                    }
                    case FLOOD -> flood += Character.isDigit(sample.outcome().charAt(0)) ? 0 : 1;
                    case BASELINE -> baseline += sample.outcome().equals("200") ? 1 : 0;
                    case ITEM_READ -> reads += sample.outcome().equals("200") ? 1 : 0;
                    case UNKNOWN_PATH -> unknown += sample.outcome().equals("NOT_FOUND") ? 1 : 0;
                    default -> {
                    }
                }
            }
            timeline.add(new Second(second, list.size(), placed, flood, baseline, reads,
                    all.getTotalCount() == 0 ? 0 : ms(all.getValueAtPercentile(50)),
                    all.getTotalCount() == 0 ? 0 : ms(all.getValueAtPercentile(99)),
                    orders.getTotalCount() == 0 ? 0 : ms(orders.getValueAtPercentile(99)), unknown));
        }
        return timeline;
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double value) {
        return round(value, 2);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
