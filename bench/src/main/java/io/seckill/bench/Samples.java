package io.seckill.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request of a run as (step, outcome, end time, latency), recorded into one buffer per client thread
 * without locks, merged once the run is over. Times are microseconds since the sale started.
 */
final class Samples {

    /** What a request was for. */
    enum Step {
        CAPTCHA("captcha"), TOKEN("token"), ORDER("order"), FLOOD("flood order"), BASELINE("baseline GET /api/users/me"),
        ITEM_READ("item read"), UNKNOWN_PATH("unknown path GET");

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    /** One request. */
    record Sample(Step step, String outcome, long endMicros, long latencyMicros) {
    }

    private final long originNanos;
    private final Map<String, Integer> outcomeIndex = new ConcurrentHashMap<>();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Buffer> buffers = new ConcurrentLinkedQueue<>();

    Samples(long originNanos) {
        this.originNanos = originNanos;
    }

    long originNanos() {
        return originNanos;
    }

    long micros(long nanos) {
        return (nanos - originNanos) / 1000;
    }

    /** A buffer for one thread. */
    Buffer buffer() {
        var buffer = new Buffer();
        buffers.add(buffer);
        return buffer;
    }

    private int outcome(String name) {
        return outcomeIndex.computeIfAbsent(name, n -> {
            synchronized (outcomes) {
                outcomes.add(n);
                return outcomes.size() - 1;
            }
        });
    }

    List<Sample> all() {
        var all = new ArrayList<Sample>();
        var steps = Step.values();
        for (var buffer : buffers) {
            for (int i = 0; i < buffer.size; i += 3) {
                long head = buffer.data[i];
                all.add(new Sample(steps[(int) (head >>> 32)], outcomes.get((int) head), buffer.data[i + 1],
                        buffer.data[i + 2]));
            }
        }
        all.sort((a, b) -> Long.compare(a.endMicros(), b.endMicros()));
        return all;
    }

    /** Not thread-safe: one per client thread. */
    final class Buffer {

        private long[] data = new long[3 * 256];
        private int size;

        void add(Step step, String outcome, long startNanos, long endNanos) {
            if (size + 3 > data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size] = ((long) step.ordinal() << 32) | outcome(outcome);
            data[size + 1] = micros(endNanos);
            data[size + 2] = Math.max(0, (endNanos - startNanos) / 1000);
            size += 3;
        }
    }
}
