package io.seckill.order.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The broker counts as up when the order producer can look up the order topic's queues. */
@Component("rocketmq")
class BrokerHealth implements HealthIndicator {

    private final OrderRoute route;

    BrokerHealth(OrderRoute route, MeterRegistry meters) {
        this.route = route;
        // for the alert "broker down" (ops/prometheus): 0 on every node means no order can be placed
        Gauge.builder("seckill.broker.queues.writable", route, OrderRoute::writableQueues)
                .description("queues of the order topic on brokers that take connections").register(meters);
    }

    @Override
    public Health health() {
        int queues = route.writableQueues();
        return queues > 0 ? Health.up().withDetail("queues", queues).build() : Health.down().build();
    }
}
