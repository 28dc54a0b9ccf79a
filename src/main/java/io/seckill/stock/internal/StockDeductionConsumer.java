package io.seckill.stock.internal;

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
 * redelivers, and {@link DatabaseStock} makes the redelivery harmless.
 */
@Component
class StockDeductionConsumer implements SmartLifecycle, MessageListenerConcurrently {

    private static final Logger log = LoggerFactory.getLogger(StockDeductionConsumer.class);

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
                var deduction = json.readValue(message.getBody(), StockDeduction.class);
                boolean applied = databaseStock.apply(deduction);
                meters.counter("seckill.stock.deductions", "result", applied ? "applied" : "duplicate").increment();
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

    @Override
    public void start() {
        consumer = new DefaultMQPushConsumer(messaging.consumerGroup());
        consumer.setNamesrvAddr(messaging.nameServer());
        consumer.setInstanceName(MessagingProperties.instanceName("stock-consumer"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(4);
        consumer.setConsumeThreadMax(8);
        consumer.setMessageListener(this);
        try {
            consumer.subscribe(messaging.orderTopic(), "*");
            consumer.start();
        } catch (MQClientException e) {
            throw new IllegalStateException("Cannot start the stock consumer at " + messaging.nameServer(), e);
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
