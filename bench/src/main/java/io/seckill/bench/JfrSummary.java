package io.seckill.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import io.seckill.bench.LoadRun.Window;

/**
 * What the application's flight recording says about each phase: where the CPU went (execution samples by
 * thread group, hottest methods, the application's own frames) and where the order workers waited (park,
 * socket and monitor events over JFR's thresholds). Written to profile.md beside the report.
 */
final class JfrSummary {

    private static final List<String> WAITS = List.of("jdk.ThreadPark", "jdk.SocketRead", "jdk.SocketWrite",
            "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait");
    private static final List<String> BLOCKERS = List.of("com/zaxxer/hikari/pool/HikariPool", "org/mariadb/jdbc/client/impl",
            "io/lettuce/core/LettuceFutures", "io/lettuce/core/protocol/AsyncCommand", "org/apache/rocketmq/remoting/netty",
            "org/apache/rocketmq/client/impl/producer", "java/util/concurrent/ThreadPoolExecutor.getTask");

    private final List<RecordedEvent> events;
    private final StringBuilder md = new StringBuilder();

    private JfrSummary(List<RecordedEvent> events) {
        this.events = events;
    }

    static void write(Path recording, Path output, LoadRun.Result load) throws IOException {
        var wanted = new HashSet<>(WAITS);
        wanted.addAll(List.of("jdk.ExecutionSample", "jdk.JavaExceptionThrow", "jdk.GarbageCollection"));
        var events = new ArrayList<RecordedEvent>();
        try (var file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                var event = file.readEvent();
                var type = event.getEventType().getName();
                if (wanted.contains(type) && (!WAITS.contains(type) || orderWorker(event))) {
                    events.add(event);
                }
            }
        }
        var summary = new JfrSummary(events);
        summary.line("# Where the application spent the run (JFR, settings=profile)");
        summary.line("");
        summary.line("Execution samples cover threads running Java code (about one per 10-20 ms per thread); waits are "
                + "JFR events over its thresholds (10-20 ms), so short waits are not counted.");
        var phases = new java.util.LinkedHashMap<String, List<Window>>();
        for (var window : load.windows()) {
            phases.computeIfAbsent(window.name(), n -> new ArrayList<>()).add(window);
        }
        phases.forEach((name, slices) -> summary.phase(name, slices.stream()
                .map(w -> new Instant[] {load.instant(w.startMicros()), load.instant(w.endMicros())}).toList()));
        Files.writeString(output, summary.md);
    }

    private void phase(String name, List<Instant[]> slices) {
        Predicate<RecordedEvent> inWindow = e -> slices.stream()
                .anyMatch(w -> !e.getStartTime().isBefore(w[0]) && !e.getStartTime().isAfter(w[1]));
        var samples = events.stream().filter(inWindow).filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample"))
                .toList();
        double seconds = slices.stream().mapToLong(w -> Duration.between(w[0], w[1]).toMillis()).sum() / 1000.0;
        line("");
        line("## " + name + " (" + Figures.round(seconds) + " s, " + samples.size() + " execution samples)");
        if (samples.isEmpty()) {
            return;
        }
        var groups = new HashMap<String, Integer>();
        var self = new HashMap<String, Integer>();
        var own = new HashMap<String, Integer>();
        for (var sample : samples) {
            var thread = sample.getThread("sampledThread");
            groups.merge(group(thread == null ? null : thread.getJavaName()), 1, Integer::sum);
            var stack = sample.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            self.merge(name(stack.getFrames().getFirst()), 1, Integer::sum);
            var seen = new HashSet<String>();
            for (var frame : stack.getFrames()) {
                var method = name(frame);
                if (method.startsWith("io.seckill") && seen.add(method)) {
                    own.merge(method, 1, Integer::sum);
                }
            }
        }
        line("");
        table("CPU by thread group", "share of samples", groups, samples.size(), 12);
        table("Hottest methods (self)", "share of samples", self, samples.size(), 15);
        table("The application's own frames (inclusive)", "share of samples", own, samples.size(), 20);

        var waits = new HashMap<String, double[]>();
        for (var event : events) {
            if (!WAITS.contains(event.getEventType().getName()) || !inWindow.test(event)) {
                continue;
            }
            var key = event.getEventType().getName().substring(4) + " in " + blocker(event.getStackTrace()) + " from "
                    + ownFrame(event.getStackTrace());
            var total = waits.computeIfAbsent(key, k -> new double[2]);
            total[0] += event.getDuration().toNanos() / 1e9;
            total[1]++;
        }
        if (!waits.isEmpty()) {
            line("");
            line("### Where the order workers waited");
            line("");
            line("| waited (s, summed over workers) | events | what |");
            line("|---|---|---|");
            waits.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(15)
                    .forEach(e -> line("| " + Figures.round(e.getValue()[0]) + " | " + (long) e.getValue()[1] + " | "
                            + e.getKey() + " |"));
        }
        var thrown = new HashMap<String, Integer>();
        long gcPauses = 0;
        for (var event : events) {
            if (!inWindow.test(event)) {
                continue;
            }
            switch (event.getEventType().getName()) {
                case "jdk.JavaExceptionThrow" -> {
                    var type = event.getClass("thrownClass");
                    thrown.merge((type == null ? "?" : type.getName()) + " from " + origin(event.getStackTrace()), 1,
                            Integer::sum);
                }
                case "jdk.GarbageCollection" -> gcPauses += event.getDuration("sumOfPauses").toMillis();
                default -> {
                }
            }
        }
        line("");
        line("GC pauses in this phase: " + gcPauses + " ms.");
        if (!thrown.isEmpty()) {
            int total = thrown.values().stream().mapToInt(Integer::intValue).sum();
            line("");
            table("Exceptions constructed (" + Figures.round(total / seconds) + "/s)", "count", thrown, 0, 8);
        }
    }

    private static boolean orderWorker(RecordedEvent event) {
        var thread = event.getThread();
        return thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith("order-worker");
    }

    private void table(String title, String unit, Map<String, Integer> counts, int total, int limit) {
        line("### " + title);
        line("");
        line("| " + unit + " | what |");
        line("|---|---|");
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(limit)
                .forEach(e -> line("| " + (total > 0 ? Figures.round(100.0 * e.getValue() / total) + " %" : e.getValue())
                        + " | " + e.getKey() + " |"));
        line("");
    }

    private static String group(String thread) {
        if (thread == null || thread.isBlank()) {
            return "(virtual threads: request handling)";
        }
        return thread.replaceAll("[-_#]?\\d+$", "").replaceAll("\\d+", "N");
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String blocker(RecordedStackTrace stack) {
        if (stack == null) {
            return "?";
        }
        for (var frame : stack.getFrames()) {
            var type = frame.getMethod().getType().getName().replace('.', '/');
            var full = type + "." + frame.getMethod().getName();
            for (var blocker : BLOCKERS) {
                if (full.startsWith(blocker)) {
                    return frame.getMethod().getType().getName().replaceAll(".*\\.", "") + "." + frame.getMethod().getName();
                }
            }
        }
        return stack.getFrames().isEmpty() ? "?" : name(stack.getFrames().getFirst());
    }

    /** The first frame outside the JDK: who caused the exception. */
    private static String origin(RecordedStackTrace stack) {
        if (stack != null) {
            for (var frame : stack.getFrames()) {
                var type = frame.getMethod().getType().getName();
                if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                    return type + "." + frame.getMethod().getName();
                }
            }
        }
        return "?";
    }

    private static String ownFrame(RecordedStackTrace stack) {
        if (stack != null) {
            for (var frame : stack.getFrames()) {
                if (frame.getMethod().getType().getName().startsWith("io.seckill")) {
                    return frame.getMethod().getType().getName().replaceAll(".*\\.", "") + "." + frame.getMethod().getName()
                            + ":" + frame.getLineNumber();
                }
            }
        }
        return "(no application frame)";
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
