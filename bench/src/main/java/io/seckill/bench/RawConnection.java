package io.seckill.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One keep-alive connection of the {@link RawEngine}, used by one client at a time: a request goes out in one
 * write from its {@link RequestBytes}, the answer is parsed from its {@link ReadBuffer}. Of the headers, only
 * the framing ones (Content-Length, Transfer-Encoding, Connection) and those of {@link Http#HEADERS} are looked
 * at; every other line is skipped where it lies.
 */
final class RawConnection {

    private static final byte[] CONTENT_LENGTH = RequestBytes.ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = RequestBytes.ascii("transfer-encoding");
    private static final byte[] CONNECTION = RequestBytes.ascii("connection");
    private static final byte[] CHUNKED = RequestBytes.ascii("chunked");
    private static final byte[] CLOSE = RequestBytes.ascii("close");
    private static final byte[] HTTP_1 = RequestBytes.ascii("http/1.");
    private static final String[] KEPT = Http.HEADERS.toArray(String[]::new);
    private static final byte[][] KEPT_BYTES = Arrays.stream(KEPT).map(RequestBytes::ascii).toArray(byte[][]::new);

    private final Socket socket;
    private final OutputStream out;
    private final ReadBuffer in;
    private final RequestBytes request = new RequestBytes();
    private byte[] chunks = new byte[0];

    // what the head of the answer being read said
    private long contentLength;
    private boolean chunked;
    private boolean close;
    private Map<String, String> kept;

    RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new ReadBuffer(socket.getInputStream());
    }

    /** Sends a request; {@code requestLine} ends the request line and holds the Host header. */
    void send(String method, byte[] pathPrefix, String path, byte[] requestLine, String token, String json)
            throws IOException {
        request.encode(method, pathPrefix, path, requestLine, token, json);
        out.write(request.bytes(), 0, request.length());
    }

    /**
     * Reads one answer (after any interim 1xx). Throws {@link RawEngine.StaleConnection} when the connection
     * turns out closed before the first byte of it.
     */
    Http.Answer read(boolean discardBody) throws IOException {
        if (!in.awaitByte()) {
            throw new RawEngine.StaleConnection();
        }
        int status;
        do {
            status = statusLine();
            head();
        } while (status / 100 == 1 && status != 101);
        String body = "";
        if (status == 204 || status == 304 || status == 101) {
            // no body
        } else if (chunked) {
            body = chunks(discardBody);
        } else if (contentLength >= 0) {
            body = sized(contentLength, discardBody);
        } else {
            body = in.untilClosed(discardBody);
            close = true;
        }
        return new Http.Answer(status, body, kept == null ? Map.of() : kept);
    }

    /** Whether the connection is closed after this answer: the server said so, or it is how the answer ended. */
    boolean closing() {
        return close;
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** "HTTP/1.x SSS reason": the status; an HTTP/1.0 answer closes the connection unless it says keep-alive. */
    private int statusLine() throws IOException {
        int end = in.lineEnd();
        int from = in.position();
        int stop = in.withoutCr(end);
        in.consumeThrough(end);
        if (stop - from < 12 || !in.named(from, from + 7, HTTP_1) || in.at(from + 8) != ' ') {
            throw new IOException("not an HTTP answer: " + in.latin1(from, Math.min(stop, from + 80)));
        }
        int status = (int) in.number(from + 9, from + 12, 10, "status");
        contentLength = -1;
        chunked = false;
        close = in.at(from + 7) == '0';
        kept = null;
        return status;
    }

    /** The header lines, up to the empty one. */
    private void head() throws IOException {
        while (true) {
            int end = in.lineEnd();
            int from = in.position();
            int stop = in.withoutCr(end);
            in.consumeThrough(end);
            if (stop == from) {
                return;
            }
            int colon = in.indexOf((byte) ':', from, stop);
            int nameEnd = in.trimEnd(from, colon);
            if (colon == stop || nameEnd == from) {
                continue; // not a header: ignored
            }
            int valueFrom = in.skipBlanks(colon + 1, stop);
            int valueTo = in.trimEnd(valueFrom, stop);
            if (in.named(from, nameEnd, CONTENT_LENGTH)) {
                contentLength = in.number(valueFrom, valueTo, 10, "Content-Length");
            } else if (in.named(from, nameEnd, TRANSFER_ENCODING)) {
                chunked = valueTo - valueFrom >= CHUNKED.length && in.named(valueTo - CHUNKED.length, valueTo, CHUNKED);
            } else if (in.named(from, nameEnd, CONNECTION)) {
                close = in.contains(valueFrom, valueTo, CLOSE);
            } else {
                keep(from, nameEnd, valueFrom, valueTo);
            }
        }
    }

    /** The first value of a header of {@link Http#HEADERS}; any other header is left where it lies. */
    private void keep(int from, int nameEnd, int valueFrom, int valueTo) {
        for (int i = 0; i < KEPT.length; i++) {
            if (in.named(from, nameEnd, KEPT_BYTES[i])) {
                if (kept == null) {
                    kept = new HashMap<>(4);
                }
                kept.putIfAbsent(KEPT[i], in.latin1(valueFrom, valueTo));
                return;
            }
        }
    }

    private String sized(long length, boolean discard) throws IOException {
        if (discard) {
            in.skip(length);
            return "";
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("a body of " + length + " bytes, more than the bench reads");
        }
        return in.text((int) length);
    }

    /** Chunks ("size[;extension]" CRLF, data, CRLF), the last of size 0, then trailers up to an empty line. */
    private String chunks(boolean discard) throws IOException {
        int size = 0;
        while (true) {
            long chunk = chunkSize();
            if (chunk == 0) {
                while (true) {
                    int end = in.lineEnd();
                    boolean empty = in.withoutCr(end) == in.position();
                    in.consumeThrough(end);
                    if (empty) {
                        return discard ? "" : new String(chunks, 0, size, StandardCharsets.UTF_8);
                    }
                }
            }
            if (discard) {
                in.skip(chunk);
            } else {
                if (size + chunk > Integer.MAX_VALUE - 8) {
                    throw new IOException("a chunked body longer than the bench reads");
                }
                if (chunks.length < size + chunk) {
                    chunks = Arrays.copyOf(chunks, (int) Math.max(size + chunk, 2L * chunks.length));
                }
                in.copy(chunks, size, (int) chunk);
                size += (int) chunk;
            }
            int end = in.lineEnd();
            if (in.withoutCr(end) != in.position()) {
                throw new IOException("no CRLF after a chunk");
            }
            in.consumeThrough(end);
        }
    }

    private long chunkSize() throws IOException {
        int end = in.lineEnd();
        int from = in.position();
        int stop = in.withoutCr(end);
        int digits = from;
        while (digits < stop && Character.digit(in.at(digits), 16) >= 0) {
            digits++;
        }
        int after = in.skipBlanks(digits, stop);
        if (after != stop && in.at(after) != ';') {
            throw new IOException("not a chunk size: " + in.latin1(from, stop));
        }
        long size = in.number(from, digits, 16, "chunk size");
        in.consumeThrough(end);
        return size;
    }
}
