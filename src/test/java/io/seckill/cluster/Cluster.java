package io.seckill.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.seckill.stock.StockKeys;
import io.seckill.user.Sessions;

/**
 * The topology {@code scripts/cluster up} started, as its {@code cluster.env} file describes it: nginx's and
 * every node's address, the admin password, the database and Redis the nodes share, the pid and log folders.
 */
final class Cluster {

    private static Cluster instance;

    private final Map<String, String> env;
    private RedisClusterCommands<String, String> redis;
    private RedisClusterClient redisCluster;

    private Cluster(Map<String, String> env) {
        this.env = env;
    }

    static synchronized Cluster get() {
        if (instance == null) {
            var file = Path.of(System.getenv("SECKILL_CLUSTER_ENV"));
            var values = new HashMap<String, String>();
            try {
                for (var line : Files.readAllLines(file)) {
                    int equals = line.indexOf('=');
                    if (equals > 0) {
                        values.put(line.substring(0, equals), line.substring(equals + 1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            instance = new Cluster(values);
        }
        return instance;
    }

    private String value(String key) {
        var value = env.get(key);
        if (value == null) {
            throw new IllegalStateException(key + " missing from " + System.getenv("SECKILL_CLUSTER_ENV"));
        }
        return value;
    }

    /** nginx, as one client on the default loopback address. */
    Http edge() {
        return new Http(URI.create(value("SECKILL_CLUSTER_URL")), null);
    }

    /** nginx, as a client on another loopback address (127.x.y.z), for per-address limits. */
    Http edgeFrom(String sourceAddress) {
        return new Http(URI.create(value("SECKILL_CLUSTER_URL")), sourceAddress);
    }

    /** Prometheus of the topology, when it runs one (scripts/lib/monitoring.sh). */
    Optional<Http> prometheus() {
        var url = env.getOrDefault("SECKILL_CLUSTER_PROMETHEUS_URL", "");
        return url.isBlank() ? Optional.empty() : Optional.of(new Http(URI.create(url), null));
    }

    List<URI> nodeUrls() {
        return Arrays.stream(value("SECKILL_CLUSTER_NODE_URLS").split(",")).map(URI::create).toList();
    }

    /** A node's own port, past nginx; {@code number} counts from 1 as in the pid files. */
    Http node(int number) {
        return new Http(nodeUrls().get(number - 1), null);
    }

    int nodeCount() {
        return nodeUrls().size();
    }

    String adminPassword() {
        return value("SECKILL_CLUSTER_ADMIN_PASSWORD");
    }

    Path pages() {
        return Path.of(value("SECKILL_CLUSTER_PAGES"));
    }

    Path staticDir() {
        return Path.of(value("SECKILL_CLUSTER_STATIC"));
    }

    Path opsWww() {
        return Path.of(value("SECKILL_CLUSTER_OPS_WWW"));
    }

    Path logs() {
        return Path.of(value("SECKILL_CLUSTER_LOGS"));
    }

    long nodePid(int number) {
        try {
            return Long.parseLong(Files.readString(Path.of(value("SECKILL_CLUSTER_RUN"), "node" + number + ".pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code scripts/cluster <arguments>} with this run's settings (inherited environment); its exit code. */
    int script(Duration timeout, String... arguments) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>();
        command.add(value("SECKILL_CLUSTER_SCRIPT"));
        command.addAll(List.of(arguments));
        var log = logs().resolve("cluster-script-from-tests.log");
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            // The script and its helpers, not only the script: one left running would go on changing the
            // topology under the tests that follow and under `down`. The components it started (they carry
            // the cluster's folder in their command line) stay for `down`.
            String components = Path.of(value("SECKILL_CLUSTER_RUN")).getParent() + "/";
            process.descendants().filter(child -> !child.info().commandLine().orElse("").contains(components))
                    .forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("scripts/cluster " + command + " took over " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** nginx's limit on order POSTs per client address (SECKILL_CLUSTER_ORDER_RATE / _BURST). */
    RateLimit orderLimit() {
        return RateLimit.parse(value("SECKILL_CLUSTER_ORDER_LIMIT"));
    }

    /** The same on token POSTs. */
    RateLimit tokenLimit() {
        return RateLimit.parse(value("SECKILL_CLUSTER_TOKEN_LIMIT"));
    }

    /** nginx limit_req: {@code perSecond} on average, {@code burst} more at once ("10r/s burst=20"). */
    record RateLimit(double perSecond, int burst) {
        static RateLimit parse(String text) {
            var parts = Pattern.compile("(\\d+)r/([sm]) burst=(\\d+)").matcher(text);
            if (!parts.matches()) {
                throw new IllegalStateException("not a limit: " + text);
            }
            double rate = Double.parseDouble(parts.group(1)) / (parts.group(2).equals("m") ? 60 : 1);
            return new RateLimit(rate, Integer.parseInt(parts.group(3)));
        }

        /** The most requests it lets through from one address in {@code time}: the burst, one, the rate, rounding. */
        long mostLetThrough(Duration time) {
            return burst + 1 + (long) Math.ceil(perSecond * time.toMillis() / 1000.0) + 1;
        }
    }

    long queryLong(String sql, Object... parameters) {
        try (var connection = DriverManager.getConnection(value("SECKILL_CLUSTER_DB_URL"), value("SECKILL_CLUSTER_DB_USER"),
                env.getOrDefault("SECKILL_CLUSTER_DB_PASSWORD", ""));
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (var result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    long dbStock(long itemId) {
        return queryLong("SELECT stock FROM item_stock WHERE item_id = ?", itemId);
    }

    long liveOrderUnits(long promoId) {
        return queryLong("SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE promo_id = ? AND status <> 'CANCELLED'",
                promoId);
    }

    long stockLogs(long itemId, String status) {
        return queryLong("SELECT COUNT(*) FROM stock_log WHERE item_id = ? AND status = ?", itemId, status);
    }

    long pendingDeductions(long itemId) {
        return queryLong("SELECT COUNT(*) FROM stock_log WHERE item_id = ? AND status = 'DONE' AND applied_to_db = FALSE",
                itemId);
    }

    /** Buyers holding more than one live order in the promo (must be none: the limit is one order per buyer). */
    long buyersWithSeveralOrders(long promoId) {
        return queryLong("SELECT COUNT(*) FROM (SELECT user_id FROM orders WHERE promo_id = ? AND status <> 'CANCELLED' "
                + "GROUP BY user_id HAVING COUNT(*) > 1) AS several", promoId);
    }

    long orderExists(long orderId) {
        return queryLong("SELECT COUNT(*) FROM orders WHERE id = ? AND status <> 'CANCELLED'", orderId);
    }

    long counter(long itemId) {
        long units = 0;
        for (var tag : bucketTags(itemId)) {
            units += Long.parseLong(redis().get(StockKeys.counter(tag)));
        }
        return units;
    }

    /** How many buckets the item's stock is split over, as the nodes wrote it (StockPools). */
    int buckets(long itemId) {
        return bucketTags(itemId).size();
    }

    /** The hash tags of the item's buckets as the nodes wrote them (StockPools); none written: one bucket. */
    List<String> bucketTags(long itemId) {
        var layout = redis().get(StockKeys.layout(itemId));
        return layout == null ? List.of(StockKeys.firstTag(itemId)) : List.of(layout.split(","));
    }

    /** Lets a session run out in Redis now, as its lifetime would: no node is told. */
    void expireSession(String token) {
        redis().pexpire(Sessions.storeKey(token), 1);
    }

    /** The port of the Redis Cluster master that serves the first bucket of the item's stock now. */
    int redisMasterPort(long itemId) {
        redis();
        redisCluster.refreshPartitions();
        var key = StockKeys.counter(bucketTags(itemId).getFirst());
        return redisCluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key)).getUri().getPort();
    }

    /** The port of the replica of the Redis Cluster master on {@code masterPort}, as the slot map said last. */
    int replicaPort(int masterPort) {
        var nodes = redisCluster.getPartitions().getPartitions();
        var master = nodes.stream().filter(node -> node.getUri().getPort() == masterPort).findFirst().orElseThrow();
        return nodes.stream().filter(node -> master.getNodeId().equals(node.getSlaveOf())).findFirst().orElseThrow()
                .getUri().getPort();
    }

    /** Whether the nodes reach Redis through Sentinels (one primary with a replica, failed over by them). */
    boolean redisSentinels() {
        return !env.getOrDefault("SECKILL_CLUSTER_REDIS_SENTINELS", "").isEmpty();
    }

    /** The port of the primary the Sentinels name now, asked from the first that answers. */
    int sentinelPrimaryPort() {
        for (var sentinel : sentinels()) {
            var client = RedisClient.create(sentinel);
            try (var connection = client.connectSentinel()) {
                var primary = connection.sync().getMasterAddrByName(value("SECKILL_CLUSTER_REDIS_SENTINEL_MASTER"));
                return ((InetSocketAddress) primary).getPort();
            } catch (RuntimeException unreachable) {
                // the next one
            } finally {
                client.shutdown();
            }
        }
        throw new IllegalStateException("no Sentinel answers: " + value("SECKILL_CLUSTER_REDIS_SENTINELS"));
    }

    private List<RedisURI> sentinels() {
        return Arrays.stream(value("SECKILL_CLUSTER_REDIS_SENTINELS").split(",")).map(node -> RedisURI.create("redis://" + node))
                .toList();
    }

    /** Whether the Redis server on this port says it is a master ({@code ROLE}), asked with redis-cli. */
    boolean redisIsMaster(int port) throws IOException, InterruptedException {
        var process = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "ROLE")
                .redirectErrorStream(true).start();
        var answer = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return process.waitFor(5, TimeUnit.SECONDS) && answer.startsWith("master");
    }

    /** How many Redis masters serve these keys' slots: 1 on a single Redis. */
    long mastersServing(List<String> keys) {
        redis();
        if (redisCluster == null) {
            return 1;
        }
        return keys.stream().map(key -> redisCluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key)).getNodeId())
                .distinct().count();
    }

    /** The broker components {@code scripts/cluster} started (broker, broker-b, broker-slave, ...); empty for an external one. */
    List<String> brokers() {
        var brokers = env.getOrDefault("SECKILL_CLUSTER_BROKERS", "");
        return brokers.isEmpty() ? List.of() : List.of(brokers.split(","));
    }

        /** The database servers of the cluster's own, primary first (db1, db2); empty for a database it does not run. */
    List<String> databaseServers() {
        var servers = env.getOrDefault("SECKILL_CLUSTER_DB_SERVERS", "");
        return servers.isEmpty() ? List.of() : List.of(servers.split(","));
    }

        /** Masters of the Redis the nodes share: 1 for a single Redis. */
    long redisMasters() {
        redis();
        return redisCluster == null ? 1 : redisCluster.getPartitions().getPartitions().stream()
                .filter(node -> node.getRole().isUpstream()).count();
    }

    /** The Redis the nodes share: one server (host:port/database) or a Redis Cluster (its seed nodes). */
    private synchronized RedisClusterCommands<String, String> redis() {
        if (redis == null) {
            var clusterNodes = env.getOrDefault("SECKILL_CLUSTER_REDIS_CLUSTER_NODES", "");
            if (!clusterNodes.isEmpty()) {
                var seeds = Arrays.stream(clusterNodes.split(",")).map(node -> RedisURI.create("redis://" + node)).toList();
                redisCluster = RedisClusterClient.create(seeds);
                redis = redisCluster.connect().sync();
                return redis;
            }
            if (redisSentinels()) {
                // through the Sentinels, so that the checks follow a failover as the nodes do
                var address = Pattern.compile(".*/(\\d+)").matcher(value("SECKILL_CLUSTER_REDIS_ADDRESS"));
                var sentinels = sentinels();
                var uri = RedisURI.Builder.sentinel(sentinels.getFirst().getHost(), sentinels.getFirst().getPort(),
                        value("SECKILL_CLUSTER_REDIS_SENTINEL_MASTER"));
                sentinels.stream().skip(1).forEach(sentinel -> uri.withSentinel(sentinel.getHost(), sentinel.getPort()));
                redis = RedisClient.create(uri.withDatabase(address.matches() ? Integer.parseInt(address.group(1)) : 0)
                        .build()).connect().sync();
                return redis;
            }
            var address = Pattern.compile("([^:]+):(\\d+)/(\\d+)").matcher(value("SECKILL_CLUSTER_REDIS_ADDRESS"));
            if (!address.matches()) {
                throw new IllegalStateException("SECKILL_CLUSTER_REDIS_ADDRESS is host:port/database");
            }
            var uri = RedisURI.Builder.redis(address.group(1), Integer.parseInt(address.group(2)))
                    .withDatabase(Integer.parseInt(address.group(3))).build();
            redis = RedisClient.create(uri).connect().sync();
        }
        return redis;
    }
}
