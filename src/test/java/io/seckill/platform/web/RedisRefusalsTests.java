package io.seckill.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

import io.lettuce.core.RedisCommandExecutionException;

/** What a buyer is told when Redis refuses a command: a cluster between masters is BUSY, anything else a bug. */
class RedisRefusalsTests {

    private final ApiErrors errors = new ApiErrors();

    @Test
    void aClusterWithoutAMasterForTheSlotIsBusyWithRetryAfter() {
        for (var refusal : new String[] {"CLUSTERDOWN The cluster is down", "TRYAGAIN Multiple keys request during rehashing of slot",
                "MASTERDOWN Link with MASTER is down", "LOADING Redis is loading the dataset in memory"}) {
            var answer = errors.redisRefused(new RedisSystemException("Error in execution", new RedisCommandExecutionException(refusal)));

            assertThat(answer.getStatusCode().value()).as(refusal).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(((ProblemDetail) answer.getBody()).getProperties()).containsEntry("code", "BUSY");
        }
    }

    @Test
    void anyOtherRedisErrorIsAnInternalErrorThatTellsNothingOfIt() {
        var answer = errors.redisRefused(new RedisSystemException("Error in execution",
                new RedisCommandExecutionException("CROSSSLOT Keys in request don't hash to the same slot")));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        var problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getProperties()).containsEntry("code", "INTERNAL_ERROR");
        assertThat(problem.getDetail()).doesNotContain("CROSSSLOT");
    }
}
