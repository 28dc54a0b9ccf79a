package io.seckill.stock.internal;

import java.time.Duration;
import java.util.List;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.platform.messaging.MessagingProperties;
import io.seckill.stock.StockDeduction;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drains committed order messages into the database stock. A failure is not swallowed: the broker
 * redelivers, and {@link DatabaseStock} makes the redelivery harmless. Each message is one batch of orders.
 */
@Component
class StockDeductionConsumer implements SmartLifecycle, MessageListenerConcurrently {

    private static final Logger log = LoggerFactory.getLogger(StockDeductionConsumer.class);
    private static final int START_ATTEMPTS = 5;

    private final MessagingProperties messaging;
    private final DatabaseStock databaseStock;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private DefaultMQPushConsumer consumer;

    StockDeductionConsumer(MessagingProperties messaging, DatabaseStock databaseStock, JsonMapper json,
            MeterRegistry meters) {
        this.messaging = messaging;
        this.databaseStock = databaseStock;
        this.json = json;
        this.meters = meters;
    }

    @Override
    public ConsumeConcurrentlyStatus consumeMessage(List<MessageExt> messages, ConsumeConcurrentlyContext context) {
        for (var message : messages) {
            try {
                var deductions = StockDeduction.read(json, message.getBody());
                int applied = databaseStock.applyAll(deductions);
                meters.counter("seckill.stock.deductions", "result", "applied").increment(applied);
                // already applied (a redelivery), cancelled before it was applied, or refused by the counter
                meters.counter("seckill.stock.deductions", "result", "skipped").increment(deductions.size() - applied);
            } catch (RuntimeException e) {
                log.warn("Deduction message {} failed (attempt {}); the broker will redeliver it",
                        message.getKeys(), message.getReconsumeTimes() + 1, e);
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
        }
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    }

    /** Start before the web server takes requests and stop only after it has drained them. */
    @Override
    public int getPhase() {
        return 0;
    }

    /**
     * Under load the name server or broker may not answer the consumer's first check in time; a
     * node should not die of that, so a failed start is retried a few times with a fresh client.
     */
    @Override
    public void start() {
        for (int attempt = 1; ; attempt++) {
            var candidate = newConsumer();
            try {
                candidate.subscribe(messaging.orderTopic(), "*");
                candidate.start();
                consumer = candidate;
                return;
            } catch (MQClientException e) {
                candidate.shutdown();
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("Cannot start the stock consumer at " + messaging.nameServer(), e);
                }
                log.warn("Stock consumer did not start (attempt {} of {}); retrying", attempt, START_ATTEMPTS, e);
                pause(Duration.ofSeconds(2));
            }
        }
    }

    private DefaultMQPushConsumer newConsumer() {
        var candidate = new DefaultMQPushConsumer(messaging.consumerGroup());
        candidate.setNamesrvAddr(messaging.nameServer());
        candidate.setInstanceName(MessagingProperties.instanceName("stock-consumer"));
        candidate.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        candidate.setConsumeThreadMin(4);
        candidate.setConsumeThreadMax(8);
        candidate.setMessageListener(this);
        return candidate;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the stock consumer", e);
        }
    }

    @Override
    public void stop() {
        if (consumer != null) {
            consumer.shutdown();
            consumer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return consumer != null;
    }
}
