package io.seckill.order.internal;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.seckill.order.Order;
import io.seckill.platform.messaging.MessagingProperties;
import io.seckill.stock.StockDeduction;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places a batch of orders by sending it as one RocketMQ transactional message: the half message names
 * every claim of the batch, and the broker runs the local transaction ({@link OrderTransactions}) with
 * it and later asks that listener about any batch it heard nothing final about. This class owns the
 * transactional producer: started before the web server takes requests, stopped after it has drained.
 */
@Component
class OrderMessages implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderMessages.class);
    /** Message property of a rehearsal's batch: whoever asks about it, the answer is roll back. */
    static final String REHEARSAL = "seckill-rehearsal";

    private final MessagingProperties messaging;
    private final TransactionListener transactions;
    private final JsonMapper json;
    private volatile TransactionMQProducer producer;

    OrderMessages(MessagingProperties messaging, TransactionListener transactions, JsonMapper json) {
        this.messaging = messaging;
        this.transactions = transactions;
        this.json = json;
    }

    /** Places the drafts together; the placements are in the order of the drafts. */
    List<Placement> place(List<Order> drafts) {
        return send(new OrderBatch(drafts, false));
    }

    /**
     * A rehearsal's batch ({@code RehearsalIds}) takes the same way as a real one, so that every line of it
     * has run before the sale: the half message, the stock log and order statements (in one database
     * transaction that is rolled back) and the counter's Lua call on the rehearsal's own counter. The message
     * is rolled back too; nothing reaches a consumer, the stock log or the orders.
     */
    List<Placement> rehearse(List<Order> drafts) {
        return send(new OrderBatch(drafts, true));
    }

    private List<Placement> send(OrderBatch batch) {
        var message = new Message(messaging.orderTopic(), null, Long.toString(batch.firstOrderId()),
                StockDeduction.message(json, batch.claims));
        if (batch.rehearsal) {
            message.putUserProperty(REHEARSAL, "true");
        }
        try {
            producer.sendMessageInTransaction(message, batch);
        } catch (MQClientException | RuntimeException e) {
            log.warn("Orders {}..: the half message could not be sent", batch.firstOrderId(), e);
        }
        return batch.placements();
    }

    /** The running producer, or null before the start and after the stop. */
    TransactionMQProducer producer() {
        return producer;
    }

    /** Start before the web server takes requests and stop only after it has drained them. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public void start() {
        var starting = new TransactionMQProducer(messaging.producerGroup());
        starting.setNamesrvAddr(messaging.nameServer());
        starting.setInstanceName(MessagingProperties.instanceName("order-producer"));
        starting.setTransactionListener(transactions);
        starting.setExecutorService(new ThreadPoolExecutor(2, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                Thread.ofPlatform().name("order-check-", 0).factory()));
        starting.setSendMsgTimeout(3000);
        // With several broker groups: a send the chosen broker refuses goes to another group (twice at most),
        // a broker that failed is avoided for a while instead of being tried first again, and a store the
        // master could not replicate to its slave (SYNC_MASTER) is sent again elsewhere. Its half message
        // there is asked about like any other: the stock log answers, and the consumer applies a batch once.
        starting.setSendLatencyFaultEnable(true);
        starting.setRetryAnotherBrokerWhenNotStoreOK(true);
        try {
            starting.start();
        } catch (MQClientException e) {
            throw new IllegalStateException("Cannot start the order producer at " + messaging.nameServer(), e);
        }
        producer = starting;
        // Known from the start, the route survives a name server outage even on a node that has not sold yet.
        OrderRoute.learn(starting, messaging.orderTopic());
    }

    @Override
    public void stop() {
        var running = producer;
        if (running != null) {
            running.shutdown();
            producer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return producer != null;
    }
}
