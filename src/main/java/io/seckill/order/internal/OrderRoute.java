package io.seckill.order.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.springframework.stereotype.Component;

import io.seckill.platform.messaging.MessagingProperties;

/**
 * Where orders can go now: the queues of the order topic on brokers that take connections, by the route
 * the order producer sends with (learnt at start, refreshed by the client); only when it has none is the
 * name server asked. Orders need the broker, not the name server: with the name server down the producer
 * keeps its route and orders go on, so the node must not call itself down (a load balancer's active check
 * would take every node out). The client's public way to list queues ({@code fetchPublishMessageQueues})
 * asks the name server every time, hence the producer's own route table.
 */
@Component
class OrderRoute {

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private final OrderMessages messages;
    private final String topic;

    OrderRoute(OrderMessages messages, MessagingProperties messaging) {
        this.messages = messages;
        this.topic = messaging.orderTopic();
    }

    int writableQueues() {
        var producer = messages.producer();
        if (producer == null) {
            return 0;
        }
        var routes = producer.getDefaultMQProducerImpl().getTopicPublishInfoTable();
        if (routes.get(topic) == null) {
            learn(producer, topic);
        }
        var route = routes.get(topic);
        if (route == null || !route.ok() || route.getTopicRouteData() == null) {
            return 0;
        }
        int queues = 0;
        for (var broker : route.getTopicRouteData().getBrokerDatas()) {
            if (acceptsConnections(broker.selectBrokerAddr())) {
                queues += (int) route.getMessageQueueList().stream()
                        .filter(queue -> queue.getBrokerName().equals(broker.getBrokerName())).count();
            }
        }
        return queues;
    }

    /** Asks the name server for the topic's route and keeps it with the producer (which refreshes it). */
    static void learn(TransactionMQProducer producer, String topic) {
        try {
            producer.getDefaultMQProducerImpl().getMqClientFactory().updateTopicRouteInfoFromNameServer(topic);
        } catch (RuntimeException nameServerAway) {
            // the health check says DOWN; the next check or the first order asks again
        }
    }

    private static boolean acceptsConnections(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
