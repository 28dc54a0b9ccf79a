package io.seckill.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import io.lettuce.core.MigrateArgs;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.Api;
import io.seckill.support.IntegrationTest;
import io.seckill.support.StartingGun;

/**
 * A Redis Cluster moving a slot from one master to another (a resharding) while buyers race for it: the
 * client follows ASK and MOVED, a script caught between the two masters (TRYAGAIN) is answered BUSY and retried
 * with the same token, and the sale ends exactly as without the move. Runs in the suite's Redis Cluster run
 * ({@code .ci/run}); on one Redis there is nothing to move.
 */
@AlsoOnRedisCluster
class ReshardingTests extends IntegrationTest {

    @Value("${spring.data.redis.cluster.nodes:}")
    String clusterNodes;

    @Test
    void aSlotMovedToAnotherMasterDuringTheRaceCostsNoBuyerAnErrorAndSellsExactlyTheStock() throws Exception {
        assumeThat(clusterNodes).as("a Redis Cluster (spring.data.redis.cluster.nodes)").isNotEmpty();
        var sale = shop.openSale(60);
        var buyers = shop.buyers(120);
        var tokens = StartingGun.fireTogether(buyers, buyer -> shop.token(buyer, sale.promoId()));
        int slot = SlotHash.getSlot(pools.tag(sale.itemId(), 0));

        var moved = CompletableFuture.runAsync(() -> moveSlot(slot));
        var answers = StartingGun.fireTogether(buyers,
                buyer -> shop.orderUntilAnswered(buyer, sale.promoId(), tokens.get(buyers.indexOf(buyer))));
        moved.join();

        assertThat(answers.stream().filter(answer -> answer.status() == 201)).hasSize(60);
        assertThat(answers.stream().filter(answer -> answer.status() != 201).map(Api.Response::code)
                .collect(Collectors.toSet())).isSubsetOf("SOLD_OUT");
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingDeductions(sale.itemId()) == 0
                && stockLogCount(sale.itemId(), "INIT") == 0);
        assertThat(counter(sale.itemId())).isZero();
        assertThat(dbStock(sale.itemId())).isZero();
        assertThat(liveOrderUnits(sale.promoId())).isEqualTo(60);
    }

    /** What {@code redis-cli --cluster reshard} does for one slot: import, migrate its keys a few at a time, hand over. */
    private void moveSlot(int slot) {
        var seeds = Arrays.stream(clusterNodes.split(",")).map(node -> RedisURI.create("redis://" + node)).toList();
        var client = RedisClusterClient.create(seeds);
        try (var cluster = client.connect()) {
            var partitions = client.getPartitions();
            var source = partitions.getMasterBySlot(slot);
            var target = partitions.getPartitions().stream()
                    .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getNodeId().equals(source.getNodeId()))
                    .findFirst().orElseThrow();
            var from = cluster.getConnection(source.getNodeId()).sync();
            var to = cluster.getConnection(target.getNodeId()).sync();
            to.clusterSetSlotImporting(slot, source.getNodeId());
            from.clusterSetSlotMigrating(slot, target.getNodeId());
            for (var keys = from.clusterGetKeysInSlot(slot, 5); !keys.isEmpty(); keys = from.clusterGetKeysInSlot(slot, 5)) {
                from.migrate(target.getUri().getHost(), target.getUri().getPort(), 0, 5_000, MigrateArgs.Builder.keys(keys));
            }
            for (var master : partitions.getPartitions()) {
                if (master.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    cluster.getConnection(master.getNodeId()).sync().clusterSetSlotNode(slot, target.getNodeId());
                }
            }
        } finally {
            client.shutdown();
        }
    }
}
