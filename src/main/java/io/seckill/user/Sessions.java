package io.seckill.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import io.seckill.platform.redis.RequestRedis;

/**
 * Sessions in Redis, so any node serves any user and a logout ends the session on all nodes at once
 * (within a second: each node remembers a session it has seen for at most half a second, {@link SessionCache}).
 * A token is 256 random bits; Redis stores only its SHA-256, so a copy of Redis opens no session.
 */
@Component
public class Sessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StringRedisTemplate redis;
    private final RequestRedis requests;
    private final SessionProperties properties;
    private final SessionCache cache;

    Sessions(StringRedisTemplate redis, RequestRedis requests, SessionProperties properties, SessionCache cache) {
        this.redis = redis;
        this.requests = requests;
        this.properties = properties;
        this.cache = cache;
    }

    public Session open(CurrentUser user) {
        return open(user, properties.lifetime());
    }

    /** A session that lives {@code lifetime} instead of the configured one (a node's rehearsal buyers). */
    public Session open(CurrentUser user, Duration lifetime) {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var value = user.id() + "|" + (user.admin() ? 1 : 0) + "|" + user.username();
        redis.opsForValue().set(storeKey(token), value, lifetime);
        return new Session(token, Instant.now().plus(lifetime), user);
    }

    public Optional<CurrentUser> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return Optional.empty();
        }
        return Optional.ofNullable(cache.get(storeKey(token), this::load));
    }

    private CurrentUser load(String key) {
        var value = requests.get(key);
        if (value == null) {
            return null;
        }
        var parts = value.split("\\|", 3);
        return new CurrentUser(Long.parseLong(parts[0]), parts[2], "1".equals(parts[1]));
    }

    public Caller lazyCaller(String token) {
        return new Caller(token, this::find);
    }

    public void close(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return;
        }
        var key = storeKey(token);
        redis.delete(key);
        cache.forget(key);
    }

    /** The Redis key a session is stored under: the SHA-256 of its token, never the token itself. */
    public static String storeKey(String token) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "session:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Session(String token, Instant expiresAt, CurrentUser user) {
    }
}
