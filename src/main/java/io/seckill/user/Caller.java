package io.seckill.user;

import java.util.function.Function;

import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import java.util.Optional;

/**
 * The caller of a request, looked up only when asked for. Endpoints that can turn most requests away
 * from memory (a sold-out sale) declare this instead of {@link CurrentUser}, so that the flood costs
 * no session lookup in Redis.
 */
public final class Caller {

    private final String token;
    private final Function<String, Optional<CurrentUser>> lookup;
    private CurrentUser user;

    Caller(String token, Function<String, Optional<CurrentUser>> lookup) {
        this.token = token;
        this.lookup = lookup;
    }

    /** The authenticated user; 401 UNAUTHENTICATED if the token is missing, unknown or expired. */
    public CurrentUser require() {
        if (user == null) {
            user = lookup.apply(token).orElseThrow(() -> Rejection.of(ProblemCode.UNAUTHENTICATED,
                    "A valid session token is required (Authorization: Bearer <token>)").toException());
        }
        return user;
    }
}
