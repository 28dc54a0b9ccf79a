package io.seckill.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;

/** Where the application's MariaDB and Redis are, read directly (never through the application). */
final class Engines {

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:(mariadb|mysql)://([^/?]+)/([A-Za-z0-9_$]+)(\\?.*)?");

    private Engines() {
    }

    static Database database(Settings settings) {
        return new Database(settings.text("db-url"), settings.text("db-user"), settings.text("db-password"));
    }

    static RedisAddress redis(Settings settings) {
        return new RedisAddress(settings.text("redis-host"), settings.integer("redis-port"), settings.integer("redis-db"),
                settings.text("redis-password"), settings.text("redis-cluster-nodes"));
    }

    /** A MariaDB schema given by a JDBC URL that names the database. */
    record Database(String url, String user, String password) {

        Database {
            if (!JDBC_URL.matcher(url).matches()) {
                throw new IllegalArgumentException("--db-url must look like jdbc:mariadb://host:port/database, not " + url);
            }
        }

        /** A connection; a server out of connections (error 1040, shared with other work) is retried for 30 s. */
        Connection connect() throws SQLException {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                try {
                    return DriverManager.getConnection(url, user, password);
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1040 || System.nanoTime() > deadline) {
                        throw e;
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        String name() {
            var m = JDBC_URL.matcher(url);
            m.matches();
            return m.group(3);
        }

        /** The URL the application gets: the same database, created on first connect. */
        String urlCreatingDatabase() {
            return url + (url.contains("?") ? "&" : "?") + "createDatabaseIfNotExist=true";
        }

        /** Drops the schema so that the application's migrations start from nothing. */
        void drop() throws SQLException {
            var m = JDBC_URL.matcher(url);
            m.matches();
            try (var connection = DriverManager.getConnection("jdbc:" + m.group(1) + "://" + m.group(2) + "/", user, password);
                    var statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS `" + name() + "`");
            }
        }

        /** Drops and creates the schema, for tests that build a state by hand. */
        void recreate() throws SQLException {
            drop();
            var m = JDBC_URL.matcher(url);
            m.matches();
            try (var connection = DriverManager.getConnection("jdbc:" + m.group(1) + "://" + m.group(2) + "/", user, password);
                    var statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE `" + name() + "`");
            }
        }
    }

    /** One Redis database index, or a Redis Cluster given by its seeds ({@code host:port,...}). */
    record RedisAddress(String host, int port, int database, String password, String clusterNodes) {

        UnifiedJedis open() {
            var config = DefaultJedisClientConfig.builder().database(clusterNodes.isEmpty() ? database : 0)
                    .password(password == null || password.isEmpty() ? null : password).timeoutMillis(5000).build();
            if (clusterNodes.isEmpty()) {
                return new UnifiedJedis(new HostAndPort(host, port), config);
            }
            var seeds = Arrays.stream(clusterNodes.split(",")).map(HostAndPort::from).collect(Collectors.toSet());
            return new JedisCluster(seeds, config);
        }

        void flush() {
            if (!clusterNodes.isEmpty()) {
                throw new IllegalStateException("the bench wipes only a single Redis; flush a Redis Cluster yourself");
            }
            try (var jedis = open()) {
                jedis.flushDB();
            }
        }
    }
}
