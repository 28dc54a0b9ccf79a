package io.seckill.user.internal;

import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.NativeWebRequest;

import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.platform.web.ThrottleProperties;
import io.seckill.platform.web.Throttles;
import io.seckill.user.CurrentUser;
import io.seckill.user.Sessions;
import io.seckill.user.UserAccounts;
import java.util.Locale;
import io.seckill.platform.web.Problems;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
class SessionController {

    private final UserAccounts accounts;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final Sessions sessions;
    private final Throttles throttles;
    private final ThrottleProperties limits;

    SessionController(UserAccounts accounts, Sessions sessions, Throttles throttles, ThrottleProperties limits) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttles = throttles;
        this.limits = limits;
    }

    @PostMapping("/api/sessions")
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    @Problems({ProblemCode.BAD_CREDENTIALS, ProblemCode.RATE_LIMITED})
    ResponseEntity<SessionView> login(@Valid @RequestBody Login login, HttpServletRequest request) {
        var username = login.username().toLowerCase(Locale.ROOT);
        if (!throttles.tryAcquire("login-address", request.getRemoteAddr(), limits.loginsPerAddress(), MINUTE)
                || !throttles.hasBudget("login-failures", username, limits.loginFailuresPerUsername(), MINUTE)) {
            throw Throttles.rateLimited("Too many login attempts; wait a minute", MINUTE).toException();
        }
        var user = accounts.authenticate(login.username(), login.password()).orElse(null);
        if (user == null) {
            throttles.tryAcquire("login-failures", username, limits.loginFailuresPerUsername(), MINUTE);
            throw Rejection.of(ProblemCode.BAD_CREDENTIALS, "Wrong username or password").toException();
        }
        var session = sessions.open(user);
        return ResponseEntity.status(HttpStatus.CREATED).body(new SessionView(session.token(), session.expiresAt(),
                new Me(user.id(), user.username(), user.admin())));
    }

    @DeleteMapping("/api/sessions/current")
    @ApiResponse(responseCode = "204", description = "Logged out")
    ResponseEntity<Void> logout(CurrentUser caller, NativeWebRequest request) {
        sessions.close(CallerResolver.bearerToken(request));
        return ResponseEntity.noContent().build();
    }

    record Login(@NotNull @Size(max = 64) String username, @NotNull @Size(max = 128) String password) {
    }

    record SessionView(String token, Instant expiresAt, Me user) {
    }

    record Me(long id, String username, boolean admin) {
    }
}
