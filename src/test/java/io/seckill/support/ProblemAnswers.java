package io.seckill.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every problem answer the application gave to {@link Api} in this test run, so that the OpenAPI document
 * can be held against what the controllers really answer (ApiDocumentTests), not only against what they
 * declare.
 */
public final class ProblemAnswers {

    /** One problem answer: the request's method and path, the status and the machine code. */
    public record Answer(String method, String path, int status, String code) {
    }

    private static final Set<Answer> SEEN = ConcurrentHashMap.newKeySet();

    private ProblemAnswers() {
    }

    static void record(String method, String path, Api.Response response) {
        var type = response.header("Content-Type");
        if (type != null && type.startsWith("application/problem+json")) {
            SEEN.add(new Answer(method, path, response.status(), response.code()));
        }
    }

    public static Set<Answer> seen() {
        return Set.copyOf(SEEN);
    }
}
