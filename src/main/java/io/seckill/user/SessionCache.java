package io.seckill.user;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.seckill.platform.redis.Channels;

/**
 * A node's short memory of the sessions it has just seen, so that a buyer's captcha, token and order
 * requests cost one Redis round trip between them instead of three.
 * <p>
 * A session is remembered for at most {@code seckill.session.cache-ttl} (half a second): that bound alone
 * keeps the contract that a logout or an expiry stops a session on every node within a second, with room
 * to spare, even if a broadcast is lost while a node reconnects to Redis. A logout is also broadcast (Redis pub/sub, the
 * nodes' one listener connection), so in the normal case the other nodes forget the session at once.
 */
@Component
class SessionCache implements MessageListener {

    private final Cache<String, CurrentUser> recent;
    private final boolean enabled;
    private final StringRedisTemplate redis;
    private final String channel;

    SessionCache(SessionProperties properties, StringRedisTemplate redis, RedisMessageListenerContainer listeners,
            Channels channels, MeterRegistry meters) {
        this.enabled = properties.cacheTtl().isPositive();
        this.recent = Caffeine.newBuilder().expireAfterWrite(properties.cacheTtl()).maximumSize(200_000)
                .recordStats().build();
        this.redis = redis;
        var topic = channels.topic("session-closed");
        this.channel = topic.getTopic();
        listeners.addMessageListener(this, topic);
        CaffeineCacheMetrics.monitor(meters, recent, "sessions");
    }

    /** The session stored under this key, from memory if seen within the TTL, else from {@code load}. */
    CurrentUser get(String key, Function<String, CurrentUser> load) {
        return enabled ? recent.get(key, load) : load.apply(key);
    }

    /** Forgets a closed session here and tells every other node to forget it. */
    void forget(String key) {
        recent.invalidate(key);
        redis.convertAndSend(channel, key);
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        recent.invalidate(new String(message.getBody(), StandardCharsets.UTF_8));
    }
}
