package io.seckill.platform.cache;

import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/** Makes {@link TieredCache}s that share this node's Redis connection and invalidation channel. */
@Component
public class TieredCaches {

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final CacheInvalidations invalidations;

    TieredCaches(StringRedisTemplate redis, JsonMapper json, CacheInvalidations invalidations) {
        this.redis = redis;
        this.json = json;
        this.invalidations = invalidations;
    }

    public <V> TieredCache<V> create(String name, Class<V> type, Duration localTtl, Duration sharedTtl) {
        return create(name, json.constructType(type), localTtl, sharedTtl);
    }

    public <V> TieredCache<V> create(String name, JavaType type, Duration localTtl, Duration sharedTtl) {
        return new TieredCache<>(name, localTtl, sharedTtl, type, redis, json, invalidations);
    }

    public JsonMapper json() {
        return json;
    }
}
