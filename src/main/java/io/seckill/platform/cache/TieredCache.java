package io.seckill.platform.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongFunction;

import org.springframework.data.redis.core.StringRedisTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read path: this node's memory (Caffeine), then Redis (shared by all nodes), then the loader
 * (the database). Entries are keyed by id. {@link #evict} clears all three tiers on every node.
 */
public final class TieredCache<V> {

    private final String name;
    private final Cache<Long, Optional<V>> local;
    private final Duration sharedTtl;
    private final JavaType type;
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final CacheInvalidations invalidations;

    TieredCache(String name, Duration localTtl, Duration sharedTtl, JavaType type, StringRedisTemplate redis,
            JsonMapper json, CacheInvalidations invalidations) {
        this.name = name;
        this.local = Caffeine.newBuilder().expireAfterWrite(localTtl).maximumSize(10_000).build();
        this.sharedTtl = sharedTtl;
        this.type = type;
        this.redis = redis;
        this.json = json;
        this.invalidations = invalidations;
        invalidations.register(this);
    }

    String name() {
        return name;
    }

    public Optional<V> get(long id, LongFunction<V> loader) {
        return local.get(id, key -> Optional.ofNullable(fromShared(key, loader)));
    }

    private V fromShared(long id, LongFunction<V> loader) {
        var cached = redis.opsForValue().get(sharedKey(id));
        if (cached != null) {
            return json.readValue(cached, type);
        }
        V loaded = loader.apply(id);
        if (loaded != null) {
            redis.opsForValue().set(sharedKey(id), json.writeValueAsString(loaded), sharedTtl);
        }
        return loaded;
    }

    /** Forgets the entry everywhere; the next read on any node loads it fresh. */
    public void evict(long id) {
        redis.delete(sharedKey(id));
        local.invalidate(id);
        invalidations.broadcast(name, id);
    }

    void forgetLocally(long id) {
        local.invalidate(id);
    }

    private String sharedKey(long id) {
        return "cache:" + name + ":" + id;
    }
}
