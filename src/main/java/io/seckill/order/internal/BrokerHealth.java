package io.seckill.order.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The broker counts as up when the order producer can look up the order topic's queues. */
@Component("rocketmq")
class BrokerHealth implements HealthIndicator {

    private final OrderTransactions transactions;

    BrokerHealth(OrderTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Health health() {
        int queues = transactions.writableQueues();
        return queues > 0 ? Health.up().withDetail("queues", queues).build() : Health.down().build();
    }
}
