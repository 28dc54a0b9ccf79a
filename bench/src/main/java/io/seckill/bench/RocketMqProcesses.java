package io.seckill.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * RocketMQ for the application the bench starts, as in production: a name server and a broker in JVMs of
 * their own ({@code scripts/cluster up --only rocketmq}), their state and logs in the run's folder, so a run
 * never meets an earlier run's messages. The production jar has no embedded broker, and the broker's CPU is
 * not the application's.
 */
final class RocketMqProcesses implements AutoCloseable {

    static final int NAME_SERVER_PORT = 39876;
    static final int BROKER_PORT = 40911;

    private final Path script;
    private final Path state;
    private final Path log;

    private RocketMqProcesses(Path script, Path state, Path log) {
        this.script = script;
        this.state = state;
        this.log = log;
    }

    static RocketMqProcesses start(Path folder) throws IOException, InterruptedException {
        var script = script();
        var state = folder.toAbsolutePath().resolve("rocketmq");
        var processes = new RocketMqProcesses(script, state, folder.resolve("rocketmq.log"));
        System.out.println("Starting RocketMQ (name server 127.0.0.1:" + NAME_SERVER_PORT + ", log: " + processes.log + ")");
        processes.run("up", "--only", "rocketmq");
        return processes;
    }

    String nameServer() {
        return "127.0.0.1:" + NAME_SERVER_PORT;
    }

    private void run(String... arguments) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(arguments));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        var env = builder.environment();
        env.put("SECKILL_CLUSTER_NAME", "bench");
        env.put("SECKILL_CLUSTER_DIR", state.toString());
        env.put("SECKILL_CLUSTER_NAMESRV_PORT", Integer.toString(NAME_SERVER_PORT));
        env.put("SECKILL_CLUSTER_BROKER_PORT", Integer.toString(BROKER_PORT));
        env.put("SECKILL_CLUSTER_PROMETHEUS", "off");
        env.remove("SECKILL_ROCKETMQ_NAMESRV");
        var process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("scripts/cluster " + String.join(" ", arguments) + " took over 5 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            var lines = Files.readAllLines(log);
            throw new IOException("scripts/cluster " + String.join(" ", arguments) + " failed; last lines of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
    }

    /** scripts/cluster of the repository the bench runs in (from its root or from bench/). */
    private static Path script() throws IOException {
        for (var root : List.of(Path.of("."), Path.of(".."))) {
            var script = root.resolve("scripts").resolve("cluster");
            if (Files.isExecutable(script)) {
                return script.toAbsolutePath().normalize();
            }
        }
        throw new IOException("no scripts/cluster here or in ..: run the bench from the repository, "
                + "or give --rocketmq-name-server");
    }

    @Override
    public void close() {
        try {
            run("down");
        } catch (IOException e) {
            System.err.println("RocketMQ did not stop cleanly: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
