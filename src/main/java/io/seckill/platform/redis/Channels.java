package io.seckill.platform.redis;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.stereotype.Component;

/**
 * Names of the pub/sub channels nodes broadcast on. Pub/sub ignores Redis database indexes, so two
 * deployments sharing one Redis server (each in its own database) would hear each other's sold-out
 * and cache broadcasts; the database index in the name keeps them apart.
 */
@Component
public class Channels {

    private final String prefix;

    Channels(@Value("${spring.data.redis.database:0}") int database) {
        this.prefix = "seckill:db" + database + ":";
    }

    public ChannelTopic topic(String name) {
        return new ChannelTopic(prefix + name);
    }
}
