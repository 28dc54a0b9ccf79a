package io.seckill.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A minimal HTTP/1.1 client over blocking sockets (on the clients' virtual threads) with a pool of keep-alive
 * connections: Content-Length and chunked bodies, {@code Connection: close}, a read timeout. Plain http only.
 * It does per request a fraction of what the JDK HttpClient does, so the load generator leaves the server
 * more of the machine.
 */
final class RawEngine implements Http.Engine {

    private final String host;
    private final int port;
    private final String pathPrefix;
    private final int timeoutMillis;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    RawEngine(String base, Duration timeout) {
        var uri = URI.create(base);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--engine=raw speaks plain http only, not " + base);
        }
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : 80;
        this.pathPrefix = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.timeoutMillis = (int) timeout.toMillis();
    }

    @Override
    public Http.Answer exchange(String method, String path, String token, String json, boolean discardBody)
            throws IOException {
        var request = request(method, path, token, json);
        var connection = idle.pollFirst();
        if (connection != null) {
            try {
                return exchange(connection, request, discardBody);
            } catch (StaleConnection stale) {
                // the server closed the idle connection before reading the request: once more on a new one
            }
        }
        return exchange(open(), request, discardBody);
    }

    private Http.Answer exchange(Connection connection, byte[] request, boolean discardBody) throws IOException {
        boolean keep = false;
        try {
            connection.out.write(request);
            connection.out.flush();
            var answer = read(connection.in, discardBody);
            keep = !"close".equalsIgnoreCase(answer.header("Connection"));
            return answer;
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("no answer within " + timeoutMillis + " ms");
        } finally {
            if (keep) {
                idle.offerFirst(connection);
            } else {
                connection.close();
            }
        }
    }

    private byte[] request(String method, String path, String token, String json) {
        var head = new StringBuilder(256).append(method).append(' ').append(pathPrefix).append(path)
                .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        var bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return bytes;
        }
        var all = new byte[bytes.length + body.length];
        System.arraycopy(bytes, 0, all, 0, bytes.length);
        System.arraycopy(body, 0, all, bytes.length, body.length);
        return all;
    }

    private static Http.Answer read(InputStream in, boolean discardBody) throws IOException {
        var statusLine = line(in, true);
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        var headers = new HashMap<String, String>();
        for (var header = line(in, false); !header.isEmpty(); header = line(in, false)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
        }
        var body = new ByteArrayOutputStream(discardBody ? 0 : 512);
        var sink = discardBody ? OutputStream.nullOutputStream() : body;
        var length = headers.get("content-length");
        if (status == 204 || status == 304 || status / 100 == 1) {
            // no body
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                var size = line(in, false);
                int semicolon = size.indexOf(';');
                int chunk = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                if (chunk == 0) {
                    while (!line(in, false).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                copy(in, sink, chunk);
                line(in, false);
            }
        } else if (length != null) {
            copy(in, sink, Integer.parseInt(length));
        } else {
            in.transferTo(sink);
            headers.put("connection", "close");
        }
        return new Http.Answer(status, discardBody ? "" : body.toString(StandardCharsets.UTF_8), headers);
    }

    private static void copy(InputStream in, OutputStream out, int count) throws IOException {
        var buffer = new byte[Math.min(count, 8192)];
        while (count > 0) {
            int n = in.read(buffer, 0, Math.min(buffer.length, count));
            if (n < 0) {
                throw new EOFException("the body ended early");
            }
            out.write(buffer, 0, n);
            count -= n;
        }
    }

    /** A header line without its CRLF; the first line of a response on a closed connection is a StaleConnection. */
    private static String line(InputStream in, boolean first) throws IOException {
        var text = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && text.isEmpty()) {
                    throw new StaleConnection();
                }
                throw new EOFException("the connection closed mid-response");
            }
            if (b == '\n') {
                int end = text.length();
                if (end > 0 && text.charAt(end - 1) == '\r') {
                    text.setLength(end - 1);
                }
                return text.toString();
            }
            text.append((char) b);
        }
    }

    private Connection open() throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(timeoutMillis);
            return new Connection(socket, new BufferedInputStream(socket.getInputStream(), 16384),
                    new BufferedOutputStream(socket.getOutputStream(), 4096));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void close() {
        for (var connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            connection.close();
        }
    }

    private record Connection(Socket socket, InputStream in, OutputStream out) {
        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The server had closed a pooled connection: nothing was answered, the request may be sent again. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("connection closed by the server before the answer");
        }
    }
}
