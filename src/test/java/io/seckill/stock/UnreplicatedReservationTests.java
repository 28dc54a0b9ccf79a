package io.seckill.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seckill.stock.internal.ReplicaAcks;
import io.seckill.support.IntegrationTest;

/**
 * Where a reservation must be on a replica before it counts ({@code seckill.stock.replica-acks}), a Redis
 * master whose replicas do not confirm it is not trusted with the sale: here the test's Redis has no replica
 * at all, so every reservation goes unconfirmed, and each must be undone, answered BUSY, and take nothing.
 */
@TestPropertySource(properties = {"seckill.stock.replica-acks=1", "seckill.stock.replica-ack-timeout=50ms"})
@DirtiesContext // closed afterwards: its schedulers (the reconciliation) must not run beside the other tests' node

class UnreplicatedReservationTests extends IntegrationTest {

    @Test
    void aReservationNoReplicaConfirmsIsUndoneAndTheOrderIsBusyWithItsTokenStillGood() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        var token = shop.token(buyer, sale.promoId());

        var answer = shop.order(buyer, sale.promoId(), 1, token);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.code()).isEqualTo("BUSY");
        assertThat(answer.header("Retry-After")).isNotNull();
        assertThat(counter(sale.itemId())).as("the units went back").isEqualTo(5);
        assertThat(holdsReservation(sale.itemId(), sale.promoId(), buyer.id())).isFalse();
        assertThat(stockLogCount(sale.itemId(), "INIT")).isZero();
        assertThat(stockLogCount(sale.itemId(), "DONE")).isZero();
        assertThat(liveOrderUnits(sale.promoId())).isZero();
        assertThat(shop.order(buyer, sale.promoId(), 1, token).code()).as("the token was handed back").isEqualTo("BUSY");
    }

    @Test
    void withoutReplicasAskedForEveryChangeCountsAtOnce() {
        var acks = new ReplicaAcks(redis, new StockProperties(1, 0, Duration.ofMillis(50)), new SimpleMeterRegistry());
        assertThat(acks.confirmed("stock:{item:1}")).isTrue();
    }

    @Test
    void aLoneRedisCannotConfirmAChangeOnAReplica() {
        var acks = new ReplicaAcks(redis, new StockProperties(1, 1, Duration.ofMillis(50)), new SimpleMeterRegistry());
        redis.opsForValue().set("replica-acks-test", "1");
        assertThat(acks.confirmed("replica-acks-test")).isFalse();
        redis.delete("replica-acks-test");
    }
}
