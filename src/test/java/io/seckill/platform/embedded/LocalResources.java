package io.seckill.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Ports and scratch directories for the embedded engines; all of them live on the loopback and in java.io.tmpdir. */
final class LocalResources {

    static final String LOOPBACK = "127.0.0.1";

    private LocalResources() {
    }

    /** A port nobody listens on right now. The engines bind it a moment later; a collision in between is unlikely and fails loudly. */
    static int freePort() {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    /** A free port whose neighbour {@code port + offset} is free too (the RocketMQ broker also listens on its port - 2). */
    static int freePortWithFree(int offset) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = freePort();
            int neighbour = port + offset;
            if (neighbour > 1024 && neighbour < 65536 && isFree(neighbour)) {
                return port;
            }
        }
        throw new IllegalStateException("no pair of free ports " + offset + " apart on " + LOOPBACK);
    }

    private static boolean isFree(int port) {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return true;
        } catch (IOException _) {
            return false;
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree; best effort, because it runs while shutting down and must not stop the other engines' cleanup. */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException _) {
            // What is left is reported by the caller's check below.
        }
        if (Files.exists(root)) {
            org.slf4j.LoggerFactory.getLogger(LocalResources.class).warn("Could not delete {} completely", root);
        }
    }
}
