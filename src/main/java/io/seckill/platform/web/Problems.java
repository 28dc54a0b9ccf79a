package io.seckill.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem codes an endpoint answers, written next to its handler so that the OpenAPI document
 * ({@link ApiDocument}) lists them with their statuses. The codes every endpoint with a JSON body may
 * answer (validation, malformed JSON, media type, size) and those of any endpoint (BUSY when a backing
 * service is away, INTERNAL_ERROR) are added by the document itself. {@code UNAUTHENTICATED} here also marks
 * the endpoint as needing a session token.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Problems {

    ProblemCode[] value();
}
