package io.seckill.platform.embedded;

import io.seckill.platform.embedded.EmbeddedEngines.Wanted;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines of this JVM, counted out to contexts: started on the first demand, stopped when the last context lets go,
 * or by a JVM shutdown hook when a context never does (Ctrl-C, a test that leaves its context open).
 */
final class SharedEngines {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedEngines.class);
    /** How long the JVM shutdown hook lets contexts, closing in Spring's own hook, finish with the engines. */
    private static final Duration CONTEXTS_CLOSING_GRACE = Duration.ofSeconds(15);

    private static final Object lock = new Object();
    private static EmbeddedMariaDb mariaDb;
    private static EmbeddedRedisServer redis;
    private static EmbeddedRocketMq rocketMq;
    private static int leases;
    private static boolean shutdownHookAdded;

    private SharedEngines() {
    }

    /** Starts what is wanted and not running yet, and returns the properties that point the context at the engines. */
    static Map<String, Object> acquire(Wanted wanted) {
        synchronized (lock) {
            addShutdownHookOnce();
            try {
                startMissing(wanted);
                if (wanted.rocketMq()) {
                    rocketMq.ensureTopics(wanted.topics());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopIfUnused();
                throw new IllegalStateException("Interrupted while starting the embedded engines", e);
            } catch (RuntimeException e) {
                stopIfUnused();
                throw e;
            }
            leases++;
            Map<String, Object> addresses = new LinkedHashMap<>();
            if (wanted.mariaDb()) {
                addresses.put("spring.datasource.url", mariaDb.jdbcUrl());
                addresses.put("spring.datasource.username", "root");
                addresses.put("spring.datasource.password", "");
            }
            if (wanted.redis()) {
                addresses.put("spring.data.redis.host", redis.host());
                addresses.put("spring.data.redis.port", redis.port());
            }
            if (wanted.rocketMq()) {
                addresses.put("seckill.rocketmq.name-server", rocketMq.nameServerAddress());
            }
            return addresses;
        }
    }

    static void release() {
        synchronized (lock) {
            leases--;
            stopIfUnused();
            lock.notifyAll();
        }
    }

    /** How many contexts hold the engines now. */
    static int leases() {
        synchronized (lock) {
            return leases;
        }
    }

    /** The scratch directories of the running engines; each is deleted when its engine stops. */
    static List<Path> directories() {
        synchronized (lock) {
            var directories = new ArrayList<Path>();
            if (mariaDb != null) directories.add(mariaDb.directory());
            if (redis != null) directories.add(redis.directory());
            if (rocketMq != null) directories.add(rocketMq.directory());
            return directories;
        }
    }

    private static void stopIfUnused() {
        if (leases == 0) {
            stopAll();
        }
    }

    /** MariaDB takes a couple of seconds, the broker about as long: started side by side. */
    private static void startMissing(Wanted wanted) {
        // Platform threads: the engines' own threads inherit daemon status and group from the thread that creates them.
        try (var executor = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("seckill-embedded-start-", 1).factory())) {
            Future<EmbeddedMariaDb> newMariaDb = wanted.mariaDb() && mariaDb == null
                    ? executor.submit(() -> timed(EmbeddedMariaDb::new, db -> "MariaDB at " + db.jdbcUrl())) : null;
            Future<EmbeddedRedisServer> newRedis = wanted.redis() && redis == null
                    ? executor.submit(() -> timed(EmbeddedRedisServer::new, r -> "Redis at " + r.host() + ":" + r.port())) : null;
            Future<EmbeddedRocketMq> newRocketMq = wanted.rocketMq() && rocketMq == null
                    ? executor.submit(() -> timed(() -> new EmbeddedRocketMq(wanted.topics(), wanted.transactionCheckInterval(),
                            wanted.transactionTimeout()), mq -> "RocketMQ name server at " + mq.nameServerAddress())) : null;
            var failures = new ArrayList<Throwable>();
            mariaDb = collect(newMariaDb, mariaDb, failures);
            redis = collect(newRedis, redis, failures);
            rocketMq = collect(newRocketMq, rocketMq, failures);
            if (!failures.isEmpty()) {
                var failure = new IllegalStateException("Could not start the embedded engines", failures.getFirst());
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
        }
    }

    private static <T> T timed(Callable<T> start, Function<T, String> describe) throws Exception {
        long began = System.nanoTime();
        T engine = start.call();
        log.info("Embedded {} started in {} ms", describe.apply(engine), (System.nanoTime() - began) / 1_000_000);
        return engine;
    }

    private static <T> T collect(Future<T> starting, T current, List<Throwable> failures) {
        if (starting == null) {
            return current;
        }
        try {
            return starting.get();
        } catch (ExecutionException e) {
            failures.add(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e);
        }
        return current;
    }

    /** Stops everything running, side by side since the broker alone takes 10 to 20 s. Idempotent. */
    private static void stopAll() {
        List<AutoCloseable> running = new ArrayList<>();
        if (rocketMq != null) running.add(rocketMq);
        if (redis != null) running.add(redis);
        if (mariaDb != null) running.add(mariaDb);
        rocketMq = null;
        redis = null;
        mariaDb = null;
        if (running.isEmpty()) {
            return;
        }
        long began = System.nanoTime();
        try (var executor = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("seckill-embedded-stop-", 1).factory())) {
            for (AutoCloseable engine : running) {
                executor.submit(() -> {
                    try {
                        engine.close();
                    } catch (Exception | Error e) {
                        log.warn("Embedded {} did not stop cleanly", engine.getClass().getSimpleName(), e);
                    }
                });
            }
        }
        log.info("Embedded engines stopped in {} ms", (System.nanoTime() - began) / 1_000_000);
    }

    private static void addShutdownHookOnce() {
        if (!shutdownHookAdded) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("seckill-embedded-engines-stop")
                    .unstarted(SharedEngines::stopAtExit));
            shutdownHookAdded = true;
        }
    }

    /**
     * Ctrl-C starts every shutdown hook at once, Spring's among them, which closes the contexts and so lets go of the
     * engines. Waiting a little for those leases keeps the order: the app's beans first, then the engines.
     */
    private static void stopAtExit() {
        long deadline = System.nanoTime() + CONTEXTS_CLOSING_GRACE.toNanos();
        synchronized (lock) {
            try {
                long left;
                while (leases > 0 && (left = deadline - System.nanoTime()) > 0) {
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException _) {
                // Stop right away then.
            }
            stopAll();
        }
    }
}
