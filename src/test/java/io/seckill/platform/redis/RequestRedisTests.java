package io.seckill.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.script.RedisScript;

import io.lettuce.core.api.async.RedisListAsyncCommands;
import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.IntegrationTest;
import io.seckill.support.StartingGun;

@AlsoOnRedisCluster
class RequestRedisTests extends IntegrationTest {

    private static final RedisScript<List<Long>> ECHO_LENGTHS = RedisScript.of(
            "return {#KEYS, #ARGV, tonumber(ARGV[1]) + 1}", (Class<List<Long>>) (Class<?>) List.class);

    @Autowired
    RequestRedis requests;

    @Autowired
    RedisConnectionFactory connections;

    @Test
    void aScriptRedisHasNotSeenIsSentWholeAndThenRunsByItsDigest() {
        redis.execute((RedisCallback<Object>) connection -> {
            connection.scriptingCommands().scriptFlush();
            return null;
        });

        assertThat(requests.run(ECHO_LENGTHS, List.of("{t}a", "{t}b"), "41", "x", "y")).containsExactly(2L, 3L, 42L);
        assertThat(requests.run(ECHO_LENGTHS, List.of("{t}a"), "1")).as("by its digest now").containsExactly(1L, 1L, 2L);
    }

    @Test
    void aValueIsSetWithItsTimeToLiveAndReadBack() {
        requests.set("request-redis:set", "ANSWER é", Duration.ofSeconds(30));

        assertThat(redis.opsForValue().get("request-redis:set")).isEqualTo("ANSWER é");
        assertThat(requests.get("request-redis:set")).isEqualTo("ANSWER é");
        assertThat(requests.get("request-redis:none")).isNull();
        assertThat(redis.getExpire("request-redis:set")).isBetween(28L, 30L);
    }

    /** Hundreds of request threads share one connection in a sale; each must get the answer to its own command. */
    @Test
    void manyThreadsAtOnceOnTheSharedConnectionEachGetTheirOwnAnswer() throws Exception {
        var threads = IntStream.range(0, 400).boxed().toList();

        var answers = StartingGun.fireTogether(threads, n -> {
            requests.set("request-redis:many:" + n, "value " + n, Duration.ofMinutes(1));
            return requests.get("request-redis:many:" + n) + " / "
                    + requests.run(ECHO_LENGTHS, List.of("{m}" + n), Integer.toString(n)).get(2);
        });

        for (int n : threads) {
            assertThat(answers.get(n)).isEqualTo("value " + n + " / " + (n + 1));
        }
    }

    @Test
    void anErrorOfTheScriptIsADataAccessExceptionLikeTheTemplatesOwn() {
        var failing = RedisScript.of("return redis.error_reply('NOPE refused')", (Class<List<Long>>) (Class<?>) List.class);

        assertThatThrownBy(() -> requests.run(failing, List.of("k"))).isInstanceOf(RedisSystemException.class)
                .cause().hasMessageContaining("NOPE refused");
    }

    /**
     * The reply is awaited without a timeout of the caller's own: Lettuce's command timeout, which Spring
     * Boot turns on, is what stops the wait. Here a command waits behind a blocking pop on the same
     * connection, with the application's client options and a short command timeout.
     */
    @Test
    void aCommandRedisDoesNotAnswerFailsAfterTheCommandTimeoutInsteadOfWaitingForever() {
        assumeFalse(((LettuceConnectionFactory) connections).isClusterAware(), "one connection to one server");
        var options = ((LettuceConnectionFactory) connections).getClientConfiguration().getClientOptions().orElseThrow();
        var server = ((LettuceConnectionFactory) connections).getStandaloneConfiguration();
        var sameServer = new RedisStandaloneConfiguration(server.getHostName(), server.getPort());
        sameServer.setDatabase(server.getDatabase());
        var factory = new LettuceConnectionFactory(sameServer,
                LettuceClientConfiguration.builder().clientOptions(options).commandTimeout(Duration.ofMillis(300)).build());
        factory.afterPropertiesSet();
        factory.start();
        try (var connection = factory.getConnection()) {
            @SuppressWarnings("unchecked")
            var commands = (RedisListAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            commands.blpop(2, "request-redis:nothing".getBytes(StandardCharsets.UTF_8));
            long started = System.nanoTime();

            assertThatThrownBy(() -> new RequestRedis(factory).set("request-redis:late", "x", Duration.ofSeconds(5)))
                    .isInstanceOf(QueryTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
        } finally {
            factory.destroy();
        }
    }
}
