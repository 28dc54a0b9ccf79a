package io.seckill.user.internal;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.user.AdminUser;
import io.seckill.user.Caller;
import io.seckill.user.CurrentUser;
import io.seckill.user.Sessions;

/**
 * Resolves {@link CurrentUser}, {@link AdminUser} and {@link Caller} controller parameters from the bearer token.
 * Being a parameter resolver, it only runs for endpoints that exist, so unknown paths stay 404.
 */
@Component
class CallerResolver implements HandlerMethodArgumentResolver {

    private static final String BEARER = "Bearer ";

    private final Sessions sessions;

    CallerResolver(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        var type = parameter.getParameterType();
        return type == CurrentUser.class || type == AdminUser.class || type == Caller.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binders) {
        if (parameter.getParameterType() == Caller.class) {
            return sessions.lazyCaller(bearerToken(request));
        }
        var caller = sessions.find(bearerToken(request))
                .orElseThrow(() -> Rejection.of(ProblemCode.UNAUTHENTICATED,
                        "A valid session token is required (Authorization: Bearer <token>)").toException());
        if (parameter.getParameterType() == AdminUser.class) {
            if (!caller.admin()) {
                throw Rejection.of(ProblemCode.FORBIDDEN, "Only admins may do this").toException();
            }
            return new AdminUser(caller);
        }
        return caller;
    }

    static String bearerToken(NativeWebRequest request) {
        var header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }
}
