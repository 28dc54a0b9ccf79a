package io.seckill.loadtest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.seckill.user.AdminUser;
import io.seckill.user.Sessions;
import io.seckill.user.UserAccounts;

/**
 * Load-test helper: many buyers with live sessions in one call. It exists only when
 * {@code seckill.loadtest.enabled=true}; otherwise the path is an ordinary 404.
 */
@RestController
@ConditionalOnBooleanProperty("seckill.loadtest.enabled")
class LoadTestController {

    private static final int CHUNK = 1000;

    private final UserAccounts accounts;
    private final Sessions sessions;

    LoadTestController(UserAccounts accounts, Sessions sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @PostMapping("/api/admin/loadtest/users")
    @ResponseStatus(HttpStatus.CREATED)
    List<LoadTestUser> createUsers(AdminUser admin, @Valid @RequestBody NewUsers request) {
        var created = new ArrayList<LoadTestUser>(request.count());
        for (int from = 0; from < request.count(); from += CHUNK) {
            var names = IntStream.range(from, Math.min(request.count(), from + CHUNK))
                    .mapToObj(i -> request.prefix() + i).toList();
            for (var user : accounts.registerBuyersCheaply(names, "loadtest-" + request.prefix())) {
                created.add(new LoadTestUser(user.id(), user.username(), sessions.open(user).token()));
            }
        }
        return created;
    }

    record NewUsers(
            @NotNull @Size(min = 1, max = 20) @Pattern(regexp = "[A-Za-z0-9_.-]*") String prefix,
            @NotNull @Min(1) @Max(100_000) Integer count) {
    }

    record LoadTestUser(long id, String username, String token) {
    }
}
