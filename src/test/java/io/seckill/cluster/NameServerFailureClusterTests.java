package io.seckill.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The name server only tells clients where the broker is; producers keep the route they have. With the
 * name server down the nodes must keep selling and keep calling themselves healthy, or a load balancer
 * checking their health would take every node out of rotation although orders still flow.
 */
@ClusterTest
class NameServerFailureClusterTests {

    private final Cluster cluster = Cluster.get();
    private final ClusterShop shop = new ClusterShop(cluster);

    @Test
    void withOnlyTheNameServerDownEveryNodeStaysHealthyAndOrdersAreStillPlaced() throws Exception {
        var sale = shop.openSale("Name server " + ClusterShop.unique(), 10);
        var buyers = shop.buyers(2);
        var first = shop.orderUntilAnswered(buyers.get(0), sale.promoId(), shop.token(buyers.get(0), sale.promoId()));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        assertThat(cluster.script(Duration.ofMinutes(1), "stop", "namesrv", "--kill")).isZero();
        try {
            for (int node = 1; node <= cluster.nodeCount(); node++) {
                var health = cluster.node(node).get("/actuator/health", null);
                assertThat(health.status()).as("node " + node + ": " + health).isEqualTo(200);
            }
            var second = shop.orderUntilAnswered(buyers.get(1), sale.promoId(), shop.token(buyers.get(1), sale.promoId()));
            assertThat(second.status()).as(second.toString()).isEqualTo(201);
        } finally {
            assertThat(cluster.script(Duration.ofMinutes(4), "up")).as("scripts/cluster up").isZero();
        }
    }
}
