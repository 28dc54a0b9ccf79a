package io.seckill.platform.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/** A Redis 6.2 server (the binary shipped in embedded-redis) as a child process on the loopback, without persistence. */
final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final Path directory;
    private final int port;
    private final RedisServer server;

    EmbeddedRedisServer() throws IOException {
        // The binary goes into our own temp dir, not embedded-redis's /tmp/redis-* one, so stopping removes it all.
        directory = LocalResources.tempDir("seckill-redis-");
        port = LocalResources.freePort();
        File binary = ExecutableProvider.newJarResourceProvider(directory.toFile()).get();
        // Arguments rather than the builder: the builder writes a config file of its own into /tmp and leaves it there.
        List<String> args = List.of(binary.getAbsolutePath(),
                "--port", String.valueOf(port),
                "--bind", LocalResources.LOOPBACK,
                "--save", "",
                "--appendonly", "no",
                "--dir", directory.toString());
        // The listeners also keep draining redis's stdout: without them nobody reads the pipe and a chatty redis blocks.
        server = new RedisServer(port, args, false, line -> log.debug("redis: {}", line), line -> log.warn("redis: {}", line));
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            LocalResources.deleteTree(directory);
            throw e;
        }
    }

    String host() {
        return LocalResources.LOOPBACK;
    }

    int port() {
        return port;
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            log.warn("Redis did not stop cleanly", e);
        }
        LocalResources.deleteTree(directory);
    }
}
