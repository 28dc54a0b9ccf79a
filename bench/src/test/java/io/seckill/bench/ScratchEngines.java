package io.seckill.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

import io.seckill.bench.Engines.Database;
import io.seckill.bench.Engines.RedisAddress;

/**
 * The machine's MariaDB and Redis, with a scratch schema and a scratch Redis index that the tests wipe:
 * nothing else on the server is touched. The schema is the application's own migrations.
 */
final class ScratchEngines {

    static final String HOST = System.getProperty("bench.test.host", "127.0.0.1");

    private ScratchEngines() {
    }

    static Database database(String name) {
        return new Database("jdbc:mariadb://" + HOST + ":3306/" + name, "root", "");
    }

    static RedisAddress redis(int index) {
        return new RedisAddress(HOST, 6379, index, "", "");
    }

    /** Drops and recreates the schema, then runs the application's migrations (V1__*.sql, V2__*.sql, ...) in order. */
    static void migrate(Database database) throws SQLException, IOException {
        database.recreate();
        var dir = Path.of(System.getProperty("seckill.schema.dir", "../src/main/resources/db/migration"));
        try (Stream<Path> files = Files.list(dir);
                var connection = DriverManager.getConnection(database.url() + "?allowMultiQueries=true", database.user(),
                        database.password());
                var statement = connection.createStatement()) {
            for (var file : files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(ScratchEngines::version)).toList()) {
                statement.execute(Files.readString(file));
            }
        }
    }

    private static int version(Path file) {
        var name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    /** The application's jar, built by `./mvnw package` at the repository root. */
    static Path applicationJar() throws IOException {
        var dir = Path.of(System.getProperty("seckill.app.dir", "../target"));
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().matches("seckill-\\d.*\\.jar"))
                    .max(Comparator.comparingLong(f -> f.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no application jar in " + dir.toAbsolutePath()
                            + ": run ./mvnw -q package -DskipTests (or ./mvnw verify) at the repository root first"));
        }
    }
}
