package io.seckill.platform.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts live as files under {@code src/main/resources/redis/}, where they can be read and
 * reviewed as Lua. Each returns a flat list of integers that its caller maps to a domain outcome.
 * They are read once into text: a script backed by a resource would check the file for changes on
 * every call, which inside a jar costs an exception each time.
 */
public final class LuaScripts {

    private LuaScripts() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static RedisScript<List<Long>> listScript(String name) {
        return RedisScript.of(text(name), (Class) List.class);
    }

    public static RedisScript<Long> longScript(String name) {
        return RedisScript.of(text(name), Long.class);
    }

    private static String text(String name) {
        try {
            return new ClassPathResource("redis/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Lua script redis/" + name + ".lua is missing", e);
        }
    }
}
