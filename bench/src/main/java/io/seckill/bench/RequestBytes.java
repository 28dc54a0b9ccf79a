package io.seckill.bench;

import java.nio.charset.StandardCharsets;

/**
 * A request encoded into a byte array that a connection keeps and reuses, so that sending one makes no
 * StringBuilder, no String of the head and no array of its own. Method, path and token are ASCII (a path is
 * URL-encoded); the JSON body is UTF-8, copied char by char when it is ASCII (the bench's bodies are).
 */
final class RequestBytes {

    private static final byte[] AUTHORIZATION = ascii("Authorization: Bearer ");
    private static final byte[] JSON_BODY = ascii("Content-Type: application/json\r\nContent-Length: ");

    private byte[] bytes = new byte[512];
    private int length;

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Encodes a request; {@code requestLine} ends the request line and holds the Host header. */
    RequestBytes encode(String method, byte[] pathPrefix, String path, byte[] requestLine, String token, String json) {
        boolean asciiBody = json == null || isAscii(json);
        byte[] utf8 = asciiBody ? null : json.getBytes(StandardCharsets.UTF_8);
        int bodyLength = json == null ? 0 : asciiBody ? json.length() : utf8.length;
        int most = method.length() + 1 + pathPrefix.length + path.length() + requestLine.length + 2
                + (token == null ? 0 : AUTHORIZATION.length + token.length() + 2)
                + (json == null ? 0 : JSON_BODY.length + 10 + 2 + bodyLength);
        if (bytes.length < most) {
            bytes = new byte[Math.max(most, 2 * bytes.length)];
        }
        int n = put(method, 0);
        bytes[n++] = ' ';
        n = put(pathPrefix, n);
        n = put(path, n);
        n = put(requestLine, n);
        if (token != null) {
            n = put(AUTHORIZATION, n);
            n = put(token, n);
            n = crlf(n);
        }
        if (json != null) {
            n = put(JSON_BODY, n);
            n = digits(bodyLength, n);
            n = crlf(n);
        }
        n = crlf(n);
        if (json != null) {
            n = asciiBody ? put(json, n) : put(utf8, n);
        }
        length = n;
        return this;
    }

    private int put(byte[] from, int at) {
        System.arraycopy(from, 0, bytes, at, from.length);
        return at + from.length;
    }

    private int put(String ascii, int at) {
        for (int i = 0; i < ascii.length(); i++) {
            bytes[at++] = (byte) ascii.charAt(i);
        }
        return at;
    }

    private int digits(int value, int at) {
        int end = at + 1;
        for (int rest = value; rest >= 10; rest /= 10) {
            end++;
        }
        for (int i = end - 1; i >= at; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return end;
    }

    private int crlf(int at) {
        bytes[at] = '\r';
        bytes[at + 1] = '\n';
        return at + 2;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
