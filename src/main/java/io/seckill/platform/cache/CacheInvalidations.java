package io.seckill.platform.cache;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

import io.seckill.platform.redis.Channels;

/**
 * Tells every node to drop a locally cached entry. Nodes keep copies in memory for speed; when an
 * admin changes something, this broadcast (Redis pub/sub) makes all of them forget it at once.
 */
@Component
public class CacheInvalidations implements MessageListener {

    private final StringRedisTemplate redis;
    private final String channel;
    private final Map<String, TieredCache<?>> caches = new ConcurrentHashMap<>();

    CacheInvalidations(StringRedisTemplate redis, RedisMessageListenerContainer listeners, Channels channels) {
        this.redis = redis;
        var topic = channels.topic("cache-evict");
        this.channel = topic.getTopic();
        listeners.addMessageListener(this, topic);
    }

    void register(TieredCache<?> cache) {
        caches.put(cache.name(), cache);
    }

    void broadcast(String cacheName, long key) {
        redis.convertAndSend(channel, cacheName + ":" + key);
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        var body = new String(message.getBody(), StandardCharsets.UTF_8);
        int colon = body.lastIndexOf(':');
        if (colon < 0) {
            return;
        }
        var cache = caches.get(body.substring(0, colon));
        if (cache != null) {
            cache.forgetLocally(Long.parseLong(body.substring(colon + 1)));
        }
    }
}
