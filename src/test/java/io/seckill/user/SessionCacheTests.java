package io.seckill.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.platform.redis.Channels;
import io.seckill.platform.redis.RequestRedis;
import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.IntegrationTest;

/**
 * Each node remembers a session it has read for at most a second; a logout or an expiry must still reach
 * every node within that second. The node under test is this context's; a second node is built beside it
 * on the same Redis, with a session memory of its own.
 */
@AlsoOnRedisCluster
class SessionCacheTests extends IntegrationTest {

    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

    @Autowired
    private Sessions nodeOne;
    @Autowired
    private RedisMessageListenerContainer listeners;
    @Autowired
    private Channels channels;
    @Autowired
    private RequestRedis requests;

    private final List<SessionCache> extraNodes = new ArrayList<>();
    private Sessions nodeTwo;

    @BeforeEach
    void secondNode() {
        nodeTwo = node(Duration.ofMillis(500));
    }

    @AfterEach
    void stopListening() {
        extraNodes.forEach(listeners::removeMessageListener);
    }

    @Test
    void aLogoutOnOneNodeIsRefusedOnTheOtherWithinASecond() {
        var session = nodeOne.open(new CurrentUser(9_001, "logout-race", false));
        assertThat(nodeTwo.find(session.token())).as("node two has read it and remembers it").isPresent();

        nodeOne.close(session.token());

        assertThat(nodeOne.find(session.token())).as("the node that logged out forgets at once").isEmpty();
        await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(10))
                .until(() -> nodeTwo.find(session.token()).isEmpty());
    }

    @Test
    void aSessionThatExpiresInRedisIsRefusedWithinASecondEvenThoughNoOneBroadcastIt() {
        var session = nodeOne.open(new CurrentUser(9_002, "expiry-race", false));
        assertThat(nodeOne.find(session.token())).isPresent();
        assertThat(nodeTwo.find(session.token())).isPresent();

        // Redis expiring the key tells no node; only the bound on remembering can end it.
        redis.expire(Sessions.storeKey(session.token()), Duration.ofMillis(1));

        await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(10))
                .until(() -> nodeOne.find(session.token()).isEmpty() && nodeTwo.find(session.token()).isEmpty());
    }

    @Test
    void withinItsTimeToLiveARememberedSessionIsAnsweredWithoutAskingRedis() {
        var remembering = node(Duration.ofHours(1));
        var session = remembering.open(new CurrentUser(9_003, "remembered", true));
        assertThat(remembering.find(session.token())).contains(new CurrentUser(9_003, "remembered", true));

        redis.opsForValue().set(Sessions.storeKey(session.token()), "9003|0|remembered");

        assertThat(remembering.find(session.token()).orElseThrow().admin()).as("from memory").isTrue();
    }

    private Sessions node(Duration cacheTtl) {
        var properties = new SessionProperties(Duration.ofHours(1), cacheTtl);
        var cache = new SessionCache(properties, redis, listeners, channels, new SimpleMeterRegistry());
        extraNodes.add(cache);
        return new Sessions(redis, requests, properties, cache);
    }
}
