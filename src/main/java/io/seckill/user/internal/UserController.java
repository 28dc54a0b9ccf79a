package io.seckill.user.internal;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.user.CurrentUser;
import io.seckill.user.UserAccounts;
import io.seckill.platform.web.Problems;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
class UserController {

    private final UserAccounts accounts;

    UserController(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/api/users")
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    @Problems(ProblemCode.USERNAME_TAKEN)
    ResponseEntity<UserView> register(@Valid @RequestBody Registration registration) {
        var user = accounts.register(registration.username(), registration.password(), false)
                .orElseThrow(() -> Rejection.of(ProblemCode.USERNAME_TAKEN,
                        "Username '" + registration.username() + "' is taken").toException());
        return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(new UserView(user.id(), user.username()));
    }

    @GetMapping("/api/users/me")
    Me me(CurrentUser caller) {
        return new Me(caller.id(), caller.username(), caller.admin());
    }

    record Registration(
            @NotNull @Size(min = 3, max = 32) @Pattern(regexp = "[A-Za-z0-9_.-]*", message = "may contain only letters, digits, '_', '.' and '-'") String username,
            @NotNull @Size(min = 8, max = 128) String password) {
    }

    record UserView(long id, String username) {
    }

    record Me(long id, String username, boolean admin) {
    }
}
