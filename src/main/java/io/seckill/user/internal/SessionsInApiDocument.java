package io.seckill.user.internal;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

import io.seckill.platform.web.ImpliedProblems;
import io.seckill.platform.web.ProblemCode;
import io.seckill.user.AdminUser;
import io.seckill.user.Caller;
import io.seckill.user.CurrentUser;

/**
 * The caller's identity comes from the session token ({@link CallerResolver}), not from request
 * parameters: the OpenAPI document must not list CurrentUser's fields as query parameters, and every
 * endpoint that takes a caller answers UNAUTHENTICATED (an admin's, FORBIDDEN too) without the handler
 * having to say so. The token itself is the document's bearer scheme.
 */
@Component
class SessionsInApiDocument implements ImpliedProblems {

    SessionsInApiDocument() {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class, AdminUser.class, Caller.class);
    }

    @Override
    public Set<ProblemCode> of(HandlerMethod handler) {
        var codes = EnumSet.noneOf(ProblemCode.class);
        var types = Arrays.stream(handler.getMethodParameters()).map(parameter -> parameter.getParameterType()).toList();
        if (types.contains(AdminUser.class)) {
            codes.addAll(Set.of(ProblemCode.UNAUTHENTICATED, ProblemCode.FORBIDDEN));
        }
        if (types.contains(CurrentUser.class) || types.contains(Caller.class)) {
            codes.add(ProblemCode.UNAUTHENTICATED);
        }
        return codes;
    }
}
