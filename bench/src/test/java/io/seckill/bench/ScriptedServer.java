package io.seckill.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that answers with exactly the bytes a test gives, in pieces as small as it likes, for answers the
 * JDK's HttpServer does not send: trailers, an interim 100, a head split across reads, a connection closed while
 * idle, a body cut short.
 */
final class ScriptedServer implements AutoCloseable {

    /** The bytes of an answer, written {@code piece} bytes at a time; then the connection is closed or kept. */
    record Reply(String text, int piece, boolean closeAfter) {
        static Reply whole(String text) {
            return new Reply(text, Integer.MAX_VALUE, false);
        }
    }

    /** The answer to the n-th request (from 0, over all connections), given its head. */
    interface Script {
        Reply answer(int request, String head);
    }

    private final ServerSocket socket;
    private final Script script;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    ScriptedServer(Script script) throws IOException {
        this.script = script;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    String base() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                var connection = socket.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            var in = connection.getInputStream();
            var out = connection.getOutputStream();
            while (true) {
                var head = head(in);
                if (head == null) {
                    return;
                }
                var reply = script.answer(requests.getAndIncrement(), head);
                var bytes = reply.text().getBytes(StandardCharsets.UTF_8);
                for (int from = 0; from < bytes.length; from += reply.piece()) {
                    out.write(bytes, from, Math.min(reply.piece(), bytes.length - from));
                    out.flush();
                }
                if (reply.closeAfter()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** A request's head (its body, if any, read and dropped), or null at the end of the stream. */
    private static String head(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        var text = head.toString(StandardCharsets.ISO_8859_1);
        for (var line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return text;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
