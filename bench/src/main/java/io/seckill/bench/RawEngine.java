package io.seckill.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A minimal HTTP/1.1 client over blocking sockets (on the clients' virtual threads) with a pool of keep-alive
 * {@link RawConnection}s: Content-Length and chunked bodies, {@code Connection: close}, a read timeout. Plain
 * http only. It does per request a fraction of what the JDK HttpClient does, so the load generator leaves the
 * server more of the machine.
 */
final class RawEngine implements Http.Engine {

    private final String host;
    private final int port;
    private final byte[] pathPrefix;
    /** The end of every request line and the Host header, encoded once. */
    private final byte[] requestLine;
    private final int timeoutMillis;
    private final ConcurrentLinkedDeque<RawConnection> idle = new ConcurrentLinkedDeque<>();

    RawEngine(String base, Duration timeout) {
        var uri = URI.create(base);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--engine=raw speaks plain http only, not " + base);
        }
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : 80;
        this.pathPrefix = (uri.getRawPath() == null ? "" : uri.getRawPath()).getBytes(StandardCharsets.US_ASCII);
        this.requestLine = (" HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.timeoutMillis = (int) timeout.toMillis();
    }

    @Override
    public Http.Answer exchange(String method, String path, String token, String json, boolean discardBody)
            throws IOException {
        var connection = idle.pollFirst();
        if (connection != null) {
            try {
                return exchange(connection, true, method, path, token, json, discardBody);
            } catch (StaleConnection stale) {
                // the server closed the idle connection before reading the request: once more on a new one
            }
        }
        return exchange(open(), false, method, path, token, json, discardBody);
    }

    private Http.Answer exchange(RawConnection connection, boolean pooled, String method, String path, String token,
            String json, boolean discardBody) throws IOException {
        boolean keep = false;
        try {
            try {
                connection.send(method, pathPrefix, path, requestLine, token, json);
            } catch (IOException e) {
                if (pooled) {
                    throw new StaleConnection(); // reset or a broken pipe: the server had closed it, and read nothing
                }
                throw e;
            }
            var answer = connection.read(discardBody);
            keep = !connection.closing();
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

    private RawConnection open() throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(timeoutMillis);
            return new RawConnection(socket);
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

    /** The server had closed a pooled connection: nothing was answered, the request may be sent again. */
    static final class StaleConnection extends IOException {
        StaleConnection() {
            super("connection closed by the server before the answer");
        }
    }
}
