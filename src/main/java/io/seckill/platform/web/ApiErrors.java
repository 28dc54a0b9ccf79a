package io.seckill.platform.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.seckill.platform.web.Rejection.RejectedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;
import java.time.Duration;

/**
 * The one place where failures become problem+json responses (RFC 9457) with a machine {@code code}.
 * Nothing about the server's insides (trace, SQL, class names) leaves here.
 */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private static final List<String> REDIS_NOT_READY = List.of("CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "LOADING");

    @ExceptionHandler(RejectedException.class)
    ResponseEntity<Object> rejected(RejectedException e) {
        return respond(e.rejection());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> badPathVariable(MethodArgumentTypeMismatchException e) {
        // Ids are positive integers: "/api/items/abc" names no resource.
        return respond(Rejection.of(ProblemCode.NOT_FOUND, "No such resource"));
    }

    /**
     * A backing service (database, Redis, broker) that is down or too slow is not the client's fault
     * and not a bug: 503 with Retry-After, so well-behaved clients come back.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<Object> backendUnavailable(Exception e) {
        log.warn("A backing service failed: {}", e.getMessage());
        return respond(Rejection.of(ProblemCode.BUSY, "A backing service did not answer in time; retry shortly")
                .retryAfter(Duration.ofSeconds(1)));
    }

    /**
     * A Redis Cluster that is failing over or resharding refuses commands for a moment (CLUSTERDOWN while a
     * shard has no master, TRYAGAIN during a slot migration, MASTERDOWN, LOADING on a restarted node):
     * a backing service not there yet, 503 like the others. Any other Redis error is a bug.
     */
    @ExceptionHandler(RedisSystemException.class)
    ResponseEntity<Object> redisRefused(RedisSystemException e) {
        var message = e.getMostSpecificCause().getMessage();
        if (message != null && REDIS_NOT_READY.stream().anyMatch(message::startsWith)) {
            return backendUnavailable(e);
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return respond(Rejection.of(ProblemCode.INTERNAL_ERROR, "The server failed to answer; try again"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = new ArrayList<FieldProblem>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        return validationFailed(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = new ArrayList<FieldProblem>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(new FieldProblem(result.getMethodParameter().getParameterName(), error.getDefaultMessage()))));
        return validationFailed(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var reading = JsonReadingProblem.of(e);
        if (reading.tooLarge()) {
            return respond(Rejection.of(ProblemCode.PAYLOAD_TOO_LARGE, "The request body is over 16 KiB"));
        }
        if (reading.field() != null) {
            return validationFailed(List.of(new FieldProblem(reading.field(), reading.message())));
        }
        return respond(Rejection.of(ProblemCode.MALFORMED_REQUEST, reading.message()));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // Spring's own web failures (404, 405, 415, missing parameters, ...) in our shape.
        var code = switch (status.value()) {
            case 404 -> ProblemCode.NOT_FOUND;
            case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
            case 406 -> ProblemCode.NOT_ACCEPTABLE;
            case 413 -> ProblemCode.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
            case 400 -> ProblemCode.MALFORMED_REQUEST;
            default -> status.is5xxServerError() ? ProblemCode.INTERNAL_ERROR : ProblemCode.MALFORMED_REQUEST;
        };
        if (status.is5xxServerError()) {
            log.error("Web layer failure", e);
        }
        var detail = body instanceof ProblemDetail problem && problem.getDetail() != null && !status.is5xxServerError()
                ? problem.getDetail() : code.title();
        var response = respond(Rejection.of(code, detail));
        var merged = new HttpHeaders();
        merged.putAll(response.getHeaders());
        if (headers.getAllow() != null && !headers.getAllow().isEmpty()) {
            merged.setAllow(headers.getAllow());
        }
        return new ResponseEntity<>(response.getBody(), merged, response.getStatusCode());
    }

    private ResponseEntity<Object> validationFailed(List<FieldProblem> errors) {
        var first = errors.isEmpty() ? "invalid request" : errors.getFirst().field() + " " + errors.getFirst().message();
        return respond(Rejection.of(ProblemCode.VALIDATION_FAILED, first).with("errors", errors));
    }

    public static ResponseEntity<Object> respond(Rejection rejection) {
        var code = rejection.code();
        var problem = ProblemDetail.forStatusAndDetail(code.status(), rejection.detail());
        problem.setType(java.net.URI.create(code.typeUri()));
        problem.setTitle(code.title());
        problem.setProperty("code", code.name());
        rejection.extras().forEach(problem::setProperty);
        var requestId = RequestIds.current();
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        var response = ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (rejection.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, rejection.retryAfter().toSeconds())));
        }
        return response.body(problem);
    }

    /**
     * Writes a refusal straight to the servlet response, as {@link #respond} would have it rendered: for
     * filters that answer before a request reaches Spring MVC.
     */
    public static void write(Rejection rejection, HttpServletRequest request, HttpServletResponse response, JsonMapper json)
            throws IOException {
        var entity = respond(rejection);
        var problem = (ProblemDetail) entity.getBody();
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(entity.getStatusCode().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        var retryAfter = entity.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        json.writeValue(response.getOutputStream(), problem);
    }

    /** One entry of {@code errors}: the JSON property name and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }
}
