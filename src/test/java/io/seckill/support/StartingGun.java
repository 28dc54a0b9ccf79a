package io.seckill.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Runs one call per input on its own virtual thread, all released at once when every one is ready. */
public final class StartingGun {

    private StartingGun() {
    }

    public static <T, R> List<R> fireTogether(List<T> inputs, Function<T, R> call) throws Exception {
        return fireTimed(inputs, call).results();
    }

    /** The results, and how long from the release until the last call returned. */
    public record Volley<R>(List<R> results, Duration sinceRelease) {
    }

    /** {@link #fireTogether}, timed from the moment every call is released. */
    public static <T, R> Volley<R> fireTimed(List<T> inputs, Function<T, R> call) throws Exception {
        var ready = new CountDownLatch(inputs.size());
        var go = new CountDownLatch(1);
        var futures = new ArrayList<Future<R>>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var input : inputs) {
                futures.add(pool.submit((Callable<R>) () -> {
                    ready.countDown();
                    go.await();
                    return call.apply(input);
                }));
            }
            ready.await();
            long released = System.nanoTime();
            go.countDown();
            var results = new ArrayList<R>();
            for (var future : futures) {
                results.add(future.get());
            }
            return new Volley<>(results, Duration.ofNanos(System.nanoTime() - released));
        }
    }
}
