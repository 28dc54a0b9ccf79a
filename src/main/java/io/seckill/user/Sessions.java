package io.seckill.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Sessions in Redis, so any node serves any user and a logout ends the session on all nodes at once.
 * A token is 256 random bits; Redis stores only its SHA-256, so a copy of Redis opens no session.
 */
@Component
public class Sessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StringRedisTemplate redis;
    private final SessionProperties properties;

    Sessions(StringRedisTemplate redis, SessionProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    public Session open(CurrentUser user) {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var value = user.id() + "|" + (user.admin() ? 1 : 0) + "|" + user.username();
        redis.opsForValue().set(key(token), value, properties.lifetime());
        return new Session(token, Instant.now().plus(properties.lifetime()), user);
    }

    public Optional<CurrentUser> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return Optional.empty();
        }
        var value = redis.opsForValue().get(key(token));
        if (value == null) {
            return Optional.empty();
        }
        var parts = value.split("\\|", 3);
        return Optional.of(new CurrentUser(Long.parseLong(parts[0]), parts[2], "1".equals(parts[1])));
    }

    public Caller lazyCaller(String token) {
        return new Caller(token, this::find);
    }

    public void close(String token) {
        redis.delete(key(token));
    }

    private static String key(String token) {
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
