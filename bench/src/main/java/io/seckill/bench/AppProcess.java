package io.seckill.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The application jar started for a run, on the external MariaDB and Redis the checks read and a RocketMQ
 * of its own ({@link RocketMqProcesses}) unless --rocketmq-name-server names one, in load-test mode,
 * stopped (gracefully, then forcibly) when the run is over, and its RocketMQ after it.
 */
final class AppProcess implements AutoCloseable {

    /**
     * A node is healthy once its rehearsal is over, which may last up to its 180 s limit
     * (seckill.rehearsal.max-duration) after a start of 10-30 s on this machine.
     */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final String baseUrl;
    private final Path log;
    private final List<String> jvmArgs;
    private final RocketMqProcesses rocketMq;
    private final String nameServer;
    private final Thread hook;

    private AppProcess(Process process, String baseUrl, Path log, List<String> jvmArgs, RocketMqProcesses rocketMq,
            String nameServer) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.rocketMq = rocketMq;
        this.nameServer = nameServer;
        this.hook = new Thread(this::stop);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static AppProcess start(Settings settings, Path folder, String adminPassword) throws IOException, InterruptedException {
        var jar = jar(settings);
        var database = Engines.database(settings);
        var redis = Engines.redis(settings);
        if (!settings.flag("keep-data")) {
            try {
                database.drop();
            } catch (java.sql.SQLException e) {
                throw new IOException("cannot reach MariaDB at " + database.url() + ": " + e.getMessage(), e);
            }
            redis.flush();
        }
        var rocketMq = settings.text("rocketmq-name-server").isBlank() ? RocketMqProcesses.start(folder) : null;
        var nameServer = rocketMq != null ? rocketMq.nameServer() : settings.text("rocketmq-name-server");
        int port = settings.integer("app-port") > 0 ? settings.integer("app-port") : freePort();
        var command = new ArrayList<String>();
        command.add(settings.text("app-java").isBlank()
                ? ProcessHandle.current().info().command().orElse("java") : settings.text("app-java"));
        var jvmArgs = new ArrayList<>(settings.words("app-jvm-args"));
        aotCacheFlag(settings).ifPresent(jvmArgs::add);
        if (settings.flag("jfr")) {
            jvmArgs.add("-XX:StartFlightRecording=filename=" + folder.toAbsolutePath().resolve("app.jfr")
                    + ",settings=profile,dumponexit=true");
        }
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--seckill.loadtest.enabled=true",
                "--seckill.rocketmq.name-server=" + nameServer,
                "--seckill.admin.username=" + settings.text("admin-user"), "--seckill.admin.password=" + adminPassword));
        command.addAll(settings.words("app-args"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        var log = folder.resolve("app.log");
        builder.redirectOutput(log.toFile());
        var env = builder.environment();
        env.put("SPRING_DATASOURCE_URL", database.urlCreatingDatabase());
        env.put("SPRING_DATASOURCE_USERNAME", database.user());
        env.put("SPRING_DATASOURCE_PASSWORD", database.password());
        env.put("SPRING_DATA_REDIS_HOST", redis.host());
        env.put("SPRING_DATA_REDIS_PORT", String.valueOf(redis.port()));
        env.put("SPRING_DATA_REDIS_DATABASE", String.valueOf(redis.database()));
        env.put("SPRING_DATA_REDIS_PASSWORD", redis.password());
        env.remove("SPRING_PROFILES_ACTIVE");
        System.out.println("Starting " + jar + " on port " + port + " (log: " + log + ")");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            if (rocketMq != null) {
                rocketMq.close();
            }
            throw e;
        }
        var app = new AppProcess(process, "http://127.0.0.1:" + port, log, jvmArgs, rocketMq, nameServer);
        try {
            app.awaitHealthy();
        } catch (IOException | InterruptedException | RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The RocketMQ name server the application uses. */
    String nameServer() {
        return nameServer;
    }

    /** The JVM flags the application was started with. */
    String jvmArgs() {
        return String.join(" ", jvmArgs);
    }

    /** CPU seconds the application has used so far. */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            var health = HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the application exited with " + process.exitValue() + "; last lines of "
                            + log + ":\n" + tail());
                }
                try {
                    if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(500);
            }
        }
        throw new IOException("the application was not healthy within " + START_TIMEOUT + "; last lines of " + log + ":\n"
                + tail());
    }

    private String tail() throws IOException {
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The newest seckill-*.jar in target/ (or ../target/), unless --app-jar names one. */
    static Path jar(Settings settings) throws IOException {
        if (!settings.text("app-jar").isBlank()) {
            var jar = Path.of(settings.text("app-jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IOException("no application jar at " + jar);
            }
            return jar;
        }
        for (var dir : List.of(Path.of("target"), Path.of("..", "target"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    var jar = files.filter(f -> f.getFileName().toString().matches("seckill-\\d.*\\.jar"))
                            .max(Comparator.comparingLong(f -> f.toFile().lastModified()));
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                }
            }
        }
        throw new IOException("no application jar found in target/: build it with ./mvnw -q package -DskipTests, "
                + "or name one with --app-jar");
    }

    /**
     * The JDK's ahead-of-time cache (JEP 483, 515): classes loaded and linked, and method profiles, from a
     * training run. Absent, the run records one, written when the application exits; present, the
     * application starts with it and its JIT compiler has the training's profiles from the first request.
     */
    static Optional<String> aotCacheFlag(Settings settings) {
        if (settings.text("aot-cache").isBlank()) {
            return Optional.empty();
        }
        var cache = Path.of(settings.text("aot-cache")).toAbsolutePath();
        return Optional.of((Files.exists(cache) ? "-XX:AOTCache=" : "-XX:AOTCacheOutput=") + cache);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void stop() {
        stopApplication();
        if (rocketMq != null) {
            rocketMq.close();
        }
    }

    private void stopApplication() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
    }
}
