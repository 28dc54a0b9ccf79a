package io.seckill.platform.redis;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** One pub/sub connection per node, shared by every feature that listens for broadcasts. */
@Configuration(proxyBeanMethods = false)
class RedisListeners {

    @Bean
    RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connections) {
        var container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        return container;
    }
}
