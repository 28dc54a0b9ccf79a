package io.seckill.ops.rocketmq;

import org.apache.rocketmq.broker.BrokerStartup;

/**
 * RocketMQ's own {@code BrokerStartup} (same command line, same configuration file), with the broker's
 * transactional service replaced by {@link IdleAwareTransactionalMessageService} between its
 * initialisation and its start. {@code scripts/cluster} starts every broker with this main class.
 */
public final class SeckillBrokerStartup {

    private SeckillBrokerStartup() {
    }

    public static void main(String[] args) {
        // createBrokerController exits the JVM itself when the command line or the configuration is wrong
        var controller = BrokerStartup.createBrokerController(args);
        IdleAwareTransactionalMessageService.install(controller);
        BrokerStartup.start(controller);
    }
}
