package io.seckill.reconciliation.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code seckill.reconciliation.interval}: how often each node settles stuck work and checks the books. */
@ConfigurationProperties("seckill.reconciliation")
record ReconciliationProperties(@DefaultValue("5s") Duration interval) {
}
