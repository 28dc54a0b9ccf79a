package io.seckill.platform.redis;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One pub/sub connection per node, shared by every feature that listens for broadcasts; and Redis
 * command counts and latencies in the metrics (lettuce_command_completion_seconds).
 */
@Configuration(proxyBeanMethods = false)
class RedisListeners {

    @Bean
    ClientResourcesBuilderCustomizer redisCommandMetrics(MeterRegistry meters) {
        return resources -> resources.commandLatencyRecorder(
                new MicrometerCommandLatencyRecorder(meters, MicrometerOptions.builder().histogram(false).build()));
    }

    @Bean
    RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connections) {
        var container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        return container;
    }
}
