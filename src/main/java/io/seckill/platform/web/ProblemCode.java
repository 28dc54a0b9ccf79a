package io.seckill.platform.web;

import org.springframework.http.HttpStatus;

/** The machine codes of the HTTP contract (API.md). A code never changes meaning. */
public enum ProblemCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Validation failed"),
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    USERNAME_TAKEN(HttpStatus.CONFLICT, "Username taken"),
    BAD_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Bad credentials"),
    PROMO_NOT_ACTIVE(HttpStatus.CONFLICT, "Promo not active"),
    CAPTCHA_WRONG(HttpStatus.BAD_REQUEST, "Captcha wrong"),
    TOKENS_EXHAUSTED(HttpStatus.TOO_MANY_REQUESTS, "Tokens exhausted"),
    TOKEN_INVALID(HttpStatus.FORBIDDEN, "Token invalid"),
    SOLD_OUT(HttpStatus.GONE, "Sold out"),
    ALREADY_PURCHASED(HttpStatus.CONFLICT, "Already purchased"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Rate limited"),
    BUSY(HttpStatus.SERVICE_UNAVAILABLE, "Busy"),
    ORDER_NOT_PAYABLE(HttpStatus.CONFLICT, "Order not payable"),
    ORDER_NOT_CANCELLABLE(HttpStatus.CONFLICT, "Order not cancellable"),
    CONFLICT(HttpStatus.CONFLICT, "Conflict"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;

    ProblemCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem "type": a stable URI per code, relative so it needs no host of ours. */
    public String typeUri() {
        return "/problems/" + name().toLowerCase().replace('_', '-');
    }
}
