package io.seckill.ops.rocketmq;

import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.broker.transaction.queue.TransactionalMessageBridge;
import org.apache.rocketmq.broker.transaction.queue.TransactionalMessageServiceImpl;

/**
 * RocketMQ 5.5.0's transactional op-batch thread spins at a full core once a transactional workload
 * has gone idle (apache/rocketmq#10966): {@code batchSendOpMessage} keeps answering "run again now".
 * On a two-core machine that halves what the node can do after its first sale, whether the broker runs in
 * the application's JVM (the embedded default) or in its own ({@link SeckillBrokerStartup}). This answers
 * "in a moment" instead; new work still wakes the thread at once. Drop it with a RocketMQ release that
 * carries apache/rocketmq#10967.
 */
public final class IdleAwareTransactionalMessageService extends TransactionalMessageServiceImpl {

    private static final long IDLE_PAUSE_MILLIS = 20;

    private IdleAwareTransactionalMessageService(TransactionalMessageBridge bridge) {
        super(bridge);
    }

    /** Replaces the broker's own service; call after {@code initialize()} and before {@code start()}. */
    public static void install(BrokerController broker) {
        var original = broker.getTransactionalMessageService();
        broker.setTransactionalMessageService(new IdleAwareTransactionalMessageService(
                new TransactionalMessageBridge(broker, broker.getMessageStore())));
        original.close();
    }

    @Override
    public long batchSendOpMessage() {
        long next = super.batchSendOpMessage();
        long now = System.currentTimeMillis();
        return next > now ? next : now + IDLE_PAUSE_MILLIS;
    }
}
