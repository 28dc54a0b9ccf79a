package io.seckill.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.seckill.support.IntegrationTest;

class RequestIdsTests extends IntegrationTest {

    @Test
    void everyAnswerNamesItsRequestAndAProblemCarriesTheSameId() {
        var problem = api.get("/api/items/987654321", null);

        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.header("X-Request-Id")).isNotBlank();
        assertThat(problem.json().get("requestId").asString()).isEqualTo(problem.header("X-Request-Id"));
        assertThat(api.get("/api/items", null).header("X-Request-Id")).isNotEqualTo(problem.header("X-Request-Id"));
    }

    @Test
    void theIdGivenByTheProxyInFrontIsKept() {
        var answer = api.send(api.request("/api/users/me", null).header("X-Request-Id", "0f3a9c1e7b2d4e6f").GET());

        assertThat(answer.header("X-Request-Id")).isEqualTo("0f3a9c1e7b2d4e6f");
        assertThat(answer.json().get("requestId").asString()).isEqualTo("0f3a9c1e7b2d4e6f");
    }

    @Test
    void anIdThatCouldForgeALogLineIsReplaced() {
        var forged = "forged INFO line with spaces, longer than any proxy's id would be";
        var answer = api.send(api.request("/api/users/me", null).header("X-Request-Id", forged).GET());

        assertThat(answer.header("X-Request-Id")).isNotBlank().doesNotContain("forged");
    }
}
