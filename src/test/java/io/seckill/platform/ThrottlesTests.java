package io.seckill.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.seckill.platform.web.Throttles;

class ThrottlesTests {

    private final Throttles throttles = new Throttles();

    @Test
    void aKeySpendsItsOwnBudgetAndOtherKeysKeepTheirs() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttles.tryAcquire("login-address", "10.0.0.1", 3, Duration.ofMinutes(1))).isTrue();
        }
        assertThat(throttles.tryAcquire("login-address", "10.0.0.1", 3, Duration.ofMinutes(1))).isFalse();
        assertThat(throttles.tryAcquire("login-address", "10.0.0.2", 3, Duration.ofMinutes(1))).isTrue();
        assertThat(throttles.tryAcquire("other-rule", "10.0.0.1", 3, Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void lookingAtABudgetDoesNotSpendIt() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttles.hasBudget("login-failures", "alice", 1, Duration.ofMinutes(1))).isTrue();
        }
        throttles.tryAcquire("login-failures", "alice", 1, Duration.ofMinutes(1));
        assertThat(throttles.hasBudget("login-failures", "alice", 1, Duration.ofMinutes(1))).isFalse();
    }
}
