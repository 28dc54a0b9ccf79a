package io.seckill.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.IntegrationTest;

/**
 * On a real Redis Cluster with replica acks on: a master whose replica is frozen cannot promise that a
 * reservation would survive its own death, so it sells nothing (BUSY, the units stay) until the replica is
 * back, and then sells again. (On a single Redis this is skipped: {@link UnreplicatedReservationTests}.)
 */
@AlsoOnRedisCluster
@EnabledIfEnvironmentVariable(named = "SPRING_DATA_REDIS_CLUSTER_NODES", matches = ".+") // no node is started for nothing
@TestPropertySource(properties = {"seckill.stock.replica-acks=1", "seckill.stock.replica-ack-timeout=100ms"})
@DirtiesContext // closed afterwards: its schedulers must not run beside the other tests' node
class FrozenReplicaTests extends IntegrationTest {

    @Test
    void aMasterWhoseReplicaIsFrozenSellsNothingUntilTheReplicaIsBack() throws Exception {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        var token = shop.token(buyer, sale.promoId());
        int replica = replicaPortOf(StockKeys.counter(pools.homeTag(sale.itemId(), buyer.id())));

        signal("pause", replica);
        try {
            var refused = shop.order(buyer, sale.promoId(), 1, token);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("BUSY");
            assertThat(counter(sale.itemId())).as("the units stayed").isEqualTo(5);
        } finally {
            signal("resume", replica);
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> shop.order(buyer, sale.promoId(), 1, token).status() == 201);
        assertThat(counter(sale.itemId())).isEqualTo(4);
        assertThat(liveOrderUnits(sale.promoId())).isEqualTo(1);
    }

    private int replicaPortOf(String key) {
        return redis.execute((RedisCallback<Integer>) connection -> {
            var cluster = (RedisClusterConnection) connection;
            var master = cluster.clusterGetNodeForKey(key.getBytes());
            return cluster.clusterGetReplicas(master).iterator().next().getPort();
        });
    }

    private static void signal(String verb, int port) throws IOException, InterruptedException {
        var process = new ProcessBuilder("scripts/redis-cluster", verb, Integer.toString(port)).inheritIO().start();
        assertThat(process.waitFor()).as("scripts/redis-cluster " + verb + " " + port).isZero();
    }
}
