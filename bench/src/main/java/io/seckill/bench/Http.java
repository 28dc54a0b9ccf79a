package io.seckill.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API over HTTP/1.1 keep-alive connections, through one of two engines: the JDK HttpClient (default) or
 * a minimal blocking client ({@code --engine=raw}) that costs the load generator several times less CPU per
 * request, for rates where the JDK client would need more of the 2 cores than the server gets.
 */
final class Http implements AutoCloseable {

    /**
     * The response headers an Answer carries (names in lower case): those the load generator reads. The engines
     * keep no other, so that the raw engine makes no string of a header nobody looks at; the framing headers
     * (Content-Length, Transfer-Encoding, Connection) are the engines' own business and not carried either.
     * Reading a header outside this set is a mistake in the load generator, and fails loudly rather than
     * answering null as if the server had not sent it.
     */
    static final Set<String> HEADERS = Set.of("location", "retry-after", "x-captcha-answer", "x-server-time");

    /** A response: the status, the body (empty when discarded) and the headers of {@link #HEADERS} it had. */
    record Answer(int status, String body, Map<String, String> headers) {

        /** The problem's machine code for an error, the status as text for a success. */
        String outcome() {
            if (status < 300) {
                return Integer.toString(status);
            }
            var code = field(body, "code");
            return code != null ? code : "HTTP_" + status;
        }

        /** The first value of a header of {@link #HEADERS}, null when the server did not send it. */
        String header(String name) {
            var key = name.toLowerCase(Locale.ROOT);
            if (!HEADERS.contains(key)) {
                throw new IllegalArgumentException("an answer carries only the headers " + HEADERS + ", not " + name
                        + ": add it to Http.HEADERS");
            }
            return headers.get(key);
        }
    }

    /** Sends one request and reads the whole answer; throws HttpTimeoutException when the answer is late. */
    interface Engine extends AutoCloseable {

        Answer exchange(String method, String path, String token, String json, boolean discardBody)
                throws IOException, InterruptedException;

        @Override
        void close();
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Engine engine;
    private final String base;

    Http(String baseUrl, String engine, int instances, Duration timeout) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.engine = switch (engine) {
            case "jdk" -> new JdkEngine(base, instances, timeout);
            case "raw" -> new RawEngine(base, timeout);
            default -> throw new IllegalArgumentException("--engine must be jdk or raw, not " + engine);
        };
    }

    String base() {
        return base;
    }

    Answer get(String path, String token) throws IOException, InterruptedException {
        return engine.exchange("GET", path, token, null, false);
    }

    /** A GET whose body is not kept (a captcha image: only its header matters). */
    Answer getDiscarding(String path, String token) throws IOException, InterruptedException {
        return engine.exchange("GET", path, token, null, true);
    }

    Answer post(String path, String token, String json) throws IOException, InterruptedException {
        return engine.exchange("POST", path, token, json, false);
    }

    /**
     * A top-level string or number field of a small JSON object, read with Jackson's streaming parser: it stops
     * at the field (the hot path reads a token or an id) and handles escapes; null when the field is absent or
     * not a scalar, or the body is not a JSON object.
     */
    static String field(String json, String name) {
        try (var parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (var field = parser.nextName(); field != null; field = parser.nextName()) {
                var value = parser.nextToken();
                if (field.equals(name)) {
                    return value.isScalarValue() && value != JsonToken.VALUE_NULL ? parser.getString() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    /** A JSON object of these fields, in this order, as the API reads request bodies. */
    static String body(Object... namesAndValues) {
        var object = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
        }
        return JSON.writeValueAsString(object);
    }

    @Override
    public void close() {
        engine.close();
    }
}
