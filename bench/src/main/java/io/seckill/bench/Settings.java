package io.seckill.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every option of a run, from {@code --name=value} (or {@code --name value}) arguments. Unknown names are an
 * error, so that a typo never silently runs with a default.
 */
public final class Settings {

    static final String DEFAULT_DB_URL = "jdbc:mariadb://127.0.0.1:3306/seckill_bench";

    private static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        option("base-url", "", "URL of a running application (e.g. nginx in front of the nodes); empty: start the app jar");
        option("app-jar", "", "application jar to start (default: target/seckill-*.jar of the repository)");
        option("app-java", "", "java binary for the application (default: the one running the bench)");
        option("app-jvm-args", "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -Xms1g -Xmx2g",
                "JVM flags for the started application");
        option("app-args", "", "extra arguments for the started application (e.g. --seckill.order.workers=128)");
        option("app-port", "0", "HTTP port of the started application (0: a free one)");
        option("rocketmq-name-server", "", "RocketMQ name server for the started application (empty: the bench starts a "
                + "name server and a broker, scripts/cluster up --only rocketmq, on ports " + RocketMqProcesses.NAME_SERVER_PORT
                + " and " + RocketMqProcesses.BROKER_PORT + ")");
        option("aot-cache", "", "JDK AOT cache of the started application: written by this run when the file is absent "
                + "(a training run), used when it exists; the jar must be an extracted one (scripts/aot-cache)");
        option("jfr", "false", "record the started application with Java Flight Recorder (app.jfr in the results)");
        option("keep-data", "false", "do not wipe the bench database and Redis index before starting the app");
        option("admin-user", "admin", "admin username");
        option("admin-password", "", "admin password (default: $SECKILL_ADMIN_PASSWORD, or generated when the bench starts the app)");
        option("stock", "1000", "S: units for sale");
        option("users", "0", "U: buyers with sessions (0: 5 x clients, at least S + clients)");
        option("clients", "200", "C: concurrent clients");
        option("quantity", "1", "units each buyer orders");
        option("per-user-limit", "1", "the promo's per-user limit");
        option("stop-at-sold-out", "true", "clients take no new buyer once they saw SOLD_OUT");
        option("sale-timeout", "60", "seconds the sale phase may last at most");
        option("flood", "10", "seconds of POST /api/orders with a bogus token after sell-out (0: none)");
        option("baseline", "10", "seconds of the baseline GET /api/users/me (0: none)");
        option("item-reads", "5", "seconds of anonymous GET /api/items/{id} (0: none)");
        option("unknown-paths", "5", "seconds of GET " + RequestMix.UNKNOWN_PATH + " with a buyer's session, a path that "
                + "does not exist (0: none)");
        option("interleave", "2", "seconds per slice when flood, baseline, item reads and unknown paths take turns "
                + "(0: one after the other)");
        option("warmup", "3", "seconds of unrecorded GETs before the sale");
        option("rehearsals", "1", "unrecorded sales of S units (own items, same buyers) before the measured one, to warm up");
        option("settle", "30", "seconds at most to wait before the sale for the server's captcha pictures to be drawn ahead (its own rehearsal and the bench's kept it busy)");
        option("start-lead", "3", "seconds between creating the promo and its start");
        option("request-timeout", "10", "seconds before a request counts as TIMEOUT");
        option("engine", "jdk", "HTTP client: jdk (java.net.http.HttpClient) or raw (a minimal one, less CPU per request)");
        option("http-clients", "4", "JDK HttpClient instances the clients share (--engine=jdk)");
        option("db-url", DEFAULT_DB_URL, "JDBC URL of the application's database (for the checks)");
        option("db-user", "root", "database user");
        option("db-password", "", "database password");
        option("redis-host", "127.0.0.1", "Redis host");
        option("redis-port", "6379", "Redis port");
        option("redis-db", "2", "Redis database index the application uses");
        option("redis-password", "", "Redis password");
        option("redis-cluster-nodes", "", "seeds of the application's Redis Cluster (host:port,...), read by the checks "
                + "instead of redis-host and redis-port");
        option("check", "true", "check the invariants after the run");
        option("drain-timeout", "60", "seconds to wait for the stock log to drain before checking");
        option("results", "", "results folder (default: bench/results, or results outside the repository)");
        option("label", "", "a name for this run, used in the results folder and the report");
        option("promo", "0", "check only: the promo to check");
        option("stock-expected", "0", "check only: S (0: the promo's initial stock)");
        option("demand", "0", "check only: units the buyers asked for in all (0: unknown)");
        option("confirmed", "", "check only: file of confirmed orders, one 'orderId userId' a line");
    }

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    private static void option(String name, String defaultValue, String help) {
        OPTIONS.put(name, new String[] {defaultValue, help});
    }

    public static Settings parse(String... args) {
        var values = new LinkedHashMap<String, String>();
        OPTIONS.forEach((name, spec) -> values.put(name, spec[0]));
        for (int i = 0; i < args.length; i++) {
            var arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + " (options look like --name=value)");
            }
            var name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.startsWith("no-") && OPTIONS.containsKey(name.substring(3))) {
                name = name.substring(3);
                value = "false";
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true";
            }
            if (!OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; see --help");
            }
            values.put(name, value);
        }
        return new Settings(values);
    }

    public Settings with(String name, Object value) {
        if (!OPTIONS.containsKey(name)) {
            throw new IllegalArgumentException("unknown option --" + name);
        }
        var copy = new LinkedHashMap<>(values);
        copy.put(name, String.valueOf(value));
        return new Settings(copy);
    }

    static String help() {
        var lines = new ArrayList<String>();
        OPTIONS.forEach((name, spec) -> lines.add(String.format("  --%-18s %s%s", name, spec[1],
                spec[0].isEmpty() ? "" : " [" + spec[0] + "]")));
        return String.join("\n", lines);
    }

    String text(String name) {
        return values.get(name);
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name).trim());
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.get(name).trim());
    }

    Duration seconds(String name) {
        return Duration.ofMillis(Math.round(Double.parseDouble(values.get(name).trim()) * 1000));
    }

    List<String> words(String name) {
        var text = values.get(name).trim();
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }

    boolean startsApp() {
        return text("base-url").isBlank();
    }

    int clients() {
        return integer("clients");
    }

    int stock() {
        return integer("stock");
    }

    int users() {
        int users = integer("users");
        return users > 0 ? users : Math.max(5 * clients(), stock() + clients());
    }

    Path resultsRoot() {
        if (!text("results").isBlank()) {
            return Path.of(text("results"));
        }
        return Files.isDirectory(Path.of("bench")) && Files.exists(Path.of("bench", "pom.xml"))
                ? Path.of("bench", "results") : Path.of("results");
    }

    Map<String, String> asMap() {
        var copy = new LinkedHashMap<>(values);
        copy.computeIfPresent("admin-password", (k, v) -> v.isEmpty() ? v : "***");
        copy.computeIfPresent("db-password", (k, v) -> v.isEmpty() ? v : "***");
        copy.computeIfPresent("redis-password", (k, v) -> v.isEmpty() ? v : "***");
        return copy;
    }
}
