package io.seckill.platform.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * The Redis commands a buyer's request makes on its own (virtual) thread: its session, the captcha's answer,
 * the token script. Spring Data Redis waits for a reply with a timeout of its own, and a virtual thread that parks with
 * a timeout hands it twice to the JDK's delay scheduler thread (armed, then cancelled), a wake-up each time:
 * 6 % of a node's CPU in a sale (BENCHMARKS.md, 2026-12-07). Here the reply is awaited without one. Nothing
 * waits longer for it: Spring Boot turns on Lettuce's own command timeouts, so a command Redis does not answer
 * within {@code spring.data.redis.timeout} fails as it did, as a {@link DataAccessException}.
 */
@Component
public class RequestRedis {

    private static final LettuceExceptionConverter EXCEPTIONS = new LettuceExceptionConverter();

    private final RedisConnectionFactory connections;

    RequestRedis(RedisConnectionFactory connections) {
        this.connections = connections;
    }

    /** {@code GET key}: the value, or null when there is none. */
    public String get(String key) {
        var value = run(commands -> commands.get(bytes(key)));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** {@code SET key value PX ttl}. */
    public void set(String key, String value, Duration ttl) {
        run(commands -> commands.set(bytes(key), bytes(value), SetArgs.Builder.px(ttl.toMillis())));
    }

    /** Runs a script answering a flat list of integers ({@link LuaScripts}), loading it first where Redis lacks it. */
    public List<Long> run(RedisScript<List<Long>> script, List<String> keys, String... args) {
        var keyBytes = keys.stream().map(RequestRedis::bytes).toArray(byte[][]::new);
        var argBytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argBytes[i] = bytes(args[i]);
        }
        List<Object> reply;
        try {
            reply = run(commands -> commands.<List<Object>>evalsha(script.getSha1(), ScriptOutputType.MULTI,
                    keyBytes, argBytes));
        } catch (RedisSystemException e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
                throw e;
            }
            // Redis has not seen the script yet (a restart, SCRIPT FLUSH): sent whole once
            reply = run(commands -> commands.<List<Object>>eval(script.getScriptAsString(), ScriptOutputType.MULTI,
                    keyBytes, argBytes));
        }
        var numbers = new ArrayList<Long>(reply.size());
        reply.forEach(value -> numbers.add((Long) value));
        return numbers;
    }

    private <T> T run(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        try (var connection = connections.getConnection()) {
            @SuppressWarnings("unchecked")
            var commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            return command.apply(commands).toCompletableFuture().join();
        } catch (CompletionException e) {
            var translated = e.getCause() instanceof Exception cause ? EXCEPTIONS.convert(cause) : null;
            throw translated != null ? translated : new RedisSystemException("Redis command failed", e.getCause());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
