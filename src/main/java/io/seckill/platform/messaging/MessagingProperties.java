package io.seckill.platform.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the RocketMQ name server is and what the groups and topics are called.
 * The embedded default fills in {@code nameServer} with the broker it starts.
 */
@ConfigurationProperties("seckill.rocketmq")
public record MessagingProperties(String nameServer, String producerGroup, String consumerGroup, String orderTopic) {

    /** A client instance name unique to this process and context, so two contexts in one JVM don't collide. */
    public static String instanceName(String role) {
        return role + "-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
    }
}
