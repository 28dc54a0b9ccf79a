package io.seckill.platform.web;

import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.HashMap;

/**
 * An expected "no" from the domain (sold out, not active, ...): a result, not a failure.
 * Controllers turn it into a response by throwing {@link #toException()}; {@link ApiErrors} renders it.
 */
public record Rejection(ProblemCode code, String detail, Map<String, Object> extras, Duration retryAfter) {

    public Rejection {
        extras = Map.copyOf(extras);
    }

    public static Rejection of(ProblemCode code, String detail) {
        return new Rejection(code, detail, Map.of(), null);
    }

    /** VALIDATION_FAILED for one field, with the {@code errors} list the contract asks for. */
    public static Rejection invalidField(String field, String message) {
        return of(ProblemCode.VALIDATION_FAILED, field + " " + message)
                .with("errors", List.of(new ApiErrors.FieldProblem(field, message)));
    }

    public Rejection with(String property, Object value) {
        var more = new HashMap<>(extras);
        more.put(property, value);
        return new Rejection(code, detail, more, retryAfter);
    }

    public Rejection retryAfter(Duration delay) {
        return new Rejection(code, detail, extras, delay);
    }

    public RejectedException toException() {
        return new RejectedException(this);
    }

    /** Carries a rejection out of a controller. No stack trace: it is not an error. */
    public static final class RejectedException extends RuntimeException {
        private final transient Rejection rejection;

        RejectedException(Rejection rejection) {
            super(rejection.code() + ": " + rejection.detail(), null, false, false);
            this.rejection = rejection;
        }

        public Rejection rejection() {
            return rejection;
        }
    }
}
