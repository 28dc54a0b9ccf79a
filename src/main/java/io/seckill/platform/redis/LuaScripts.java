package io.seckill.platform.redis;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts live as files under {@code src/main/resources/redis/}, where they can be read and
 * reviewed as Lua. Each returns a flat list of integers that its caller maps to a domain outcome.
 */
public final class LuaScripts {

    private LuaScripts() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static RedisScript<List<Long>> listScript(String name) {
        var script = new DefaultRedisScript<List<Long>>();
        script.setLocation(new ClassPathResource("redis/" + name + ".lua"));
        script.setResultType((Class) List.class);
        return script;
    }

    public static RedisScript<Long> longScript(String name) {
        var script = new DefaultRedisScript<Long>();
        script.setLocation(new ClassPathResource("redis/" + name + ".lua"));
        script.setResultType(Long.class);
        return script;
    }
}
