package io.seckill.platform.web;

import java.util.Set;

import org.springframework.web.method.HandlerMethod;

/**
 * Problem codes an endpoint answers because of what it takes, told to the OpenAPI document
 * ({@link ApiDocument}) by the feature that knows: a handler that takes the caller's session answers
 * UNAUTHENTICATED without a valid one, whatever its {@link Problems} say.
 */
public interface ImpliedProblems {

    Set<ProblemCode> of(HandlerMethod handler);
}
