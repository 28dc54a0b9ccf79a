package io.seckill.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a socket sent, in a byte array of its own: one read call fills as much as the socket has (no per-byte
 * call on a locked stream), lines are found by scanning for LF, bodies are copied or skipped in bulk, and a
 * header line is looked at in place, so that no string is made of one nobody reads. Not thread-safe: one per
 * connection.
 */
final class ReadBuffer {

    /** A line (a header, a chunk size) longer than this is not an answer the bench can read. */
    private static final int LONGEST_LINE = 1 << 20;

    private final InputStream in;
    private byte[] bytes = new byte[8192];
    private int position;
    private int limit;

    ReadBuffer(InputStream in) {
        this.in = in;
    }

    /** Where the unread bytes start; a line found by {@link #lineEnd()} starts here. */
    int position() {
        return position;
    }

    /** Consumes the bytes up to and including an index (a line's LF). */
    void consumeThrough(int index) {
        position = index + 1;
    }

    byte at(int index) {
        return bytes[index];
    }

    /** Whether there is a byte to read, waiting for one; false when the stream ended first. */
    boolean awaitByte() throws IOException {
        return position < limit || fill();
    }

    /**
     * The index of the next LF, reading more until there is one: what is unread moves to the front of the array
     * (or the array grows, for a line longer than it), so indices are good until the next call.
     */
    int lineEnd() throws IOException {
        int scanned = position;
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            scanned = limit - position;
            if (position > 0) {
                System.arraycopy(bytes, position, bytes, 0, limit - position);
                limit -= position;
                position = 0;
            } else if (limit == bytes.length) {
                if (bytes.length >= LONGEST_LINE) {
                    throw new IOException("a line of the answer longer than " + LONGEST_LINE + " bytes");
                }
                bytes = Arrays.copyOf(bytes, 2 * bytes.length);
            }
            if (!fill()) {
                throw new EOFException("the connection closed mid-answer");
            }
        }
    }

    /** The end of a line without its CR, if it has one. */
    int withoutCr(int lineEnd) {
        return lineEnd > position && bytes[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    }

    /** The next {@code count} bytes as UTF-8 text. */
    String text(int count) throws IOException {
        if (limit - position >= count) {
            var text = new String(bytes, position, count, StandardCharsets.UTF_8);
            position += count;
            return text;
        }
        var body = new byte[count];
        copy(body, 0, count);
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Copies the next {@code count} bytes into an array: what is buffered, then straight from the socket. */
    void copy(byte[] into, int at, int count) throws IOException {
        int buffered = Math.min(count, limit - position);
        System.arraycopy(bytes, position, into, at, buffered);
        position += buffered;
        for (int have = buffered; have < count; ) {
            int n = in.read(into, at + have, count - have);
            if (n < 0) {
                throw new EOFException("the body ended early");
            }
            have += n;
        }
    }

    void skip(long count) throws IOException {
        while (count > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("the body ended early");
            }
            int n = (int) Math.min(count, limit - position);
            position += n;
            count -= n;
        }
    }

    /** Everything up to the end of the stream, as UTF-8 text (empty when discarded). */
    String untilClosed(boolean discard) throws IOException {
        var body = new ByteArrayOutputStream();
        while (position < limit || fill()) {
            if (!discard) {
                body.write(bytes, position, limit - position);
            }
            position = limit;
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    /** Whether the bytes [from, to) are a lower-case ASCII name, in any case. */
    boolean named(int from, int to, byte[] lowerCase) {
        if (to - from != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            int b = bytes[from + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    boolean contains(int from, int to, byte[] lowerCase) {
        for (int at = from; at + lowerCase.length <= to; at++) {
            if (named(at, at + lowerCase.length, lowerCase)) {
                return true;
            }
        }
        return false;
    }

    /** The index of the first byte in [from, to) that is not a space or tab. */
    int skipBlanks(int from, int to) {
        while (from < to && (bytes[from] == ' ' || bytes[from] == '\t')) {
            from++;
        }
        return from;
    }

    /** The end of [from, to) without the spaces and tabs it ends with. */
    int trimEnd(int from, int to) {
        while (to > from && (bytes[to - 1] == ' ' || bytes[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    /** The index of a byte in [from, to), or {@code to}. */
    int indexOf(byte wanted, int from, int to) {
        while (from < to && bytes[from] != wanted) {
            from++;
        }
        return from;
    }

    /** A number in [from, to), of {@code radix} digits only; {@code what} names it in the error. */
    long number(int from, int to, int radix, String what) throws IOException {
        if (from == to || to - from > 15) {
            throw new IOException("not a " + what + ": " + latin1(from, to));
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(bytes[i], radix);
            if (digit < 0) {
                throw new IOException("not a " + what + ": " + latin1(from, to));
            }
            value = value * radix + digit;
        }
        return value;
    }

    /** The bytes [from, to) one char each: a header's value, or a bad line in an error message. */
    String latin1(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private boolean fill() throws IOException {
        if (position == limit) {
            position = 0;
            limit = 0;
        }
        int n = in.read(bytes, limit, bytes.length - limit);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }
}
