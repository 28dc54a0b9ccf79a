package io.seckill.platform.web;

import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Why a request body could not be read, in words fit for a client: a body that is not JSON is
 * malformed, a JSON value that does not fit its field is a validation failure of that field.
 */
record JsonReadingProblem(String field, String message, boolean tooLarge) {

    static JsonReadingProblem of(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.TooLargeException) {
                return new JsonReadingProblem(null, null, true);
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return new JsonReadingProblem(unknown.getPropertyName(), "is not a known field", false);
            }
            if (cause instanceof InputCoercionException coercion) {
                return new JsonReadingProblem(currentName(coercion), "is out of range", false);
            }
            if (cause instanceof DatabindException binding && !binding.getPath().isEmpty()) {
                var last = binding.getPath().getLast();
                var name = last.getPropertyName() != null ? last.getPropertyName() : "[" + last.getIndex() + "]";
                return new JsonReadingProblem(name, "has the wrong type or format", false);
            }
            if (cause instanceof StreamReadException read) {
                var what = read.getOriginalMessage();
                var detail = what != null && what.startsWith("Duplicate") ? "Duplicate field in JSON body"
                        : "The request body is not valid JSON";
                return new JsonReadingProblem(null, detail, false);
            }
        }
        var missing = e.getMessage() != null && e.getMessage().startsWith("Required request body is missing");
        return new JsonReadingProblem(null, missing ? "A JSON request body is required"
                : "The request body is not valid JSON", false);
    }

    private static String currentName(InputCoercionException e) {
        if (e.processor() instanceof JsonParser parser) {
            var name = parser.currentName();
            if (name != null) {
                return name;
            }
        }
        return "body";
    }
}
