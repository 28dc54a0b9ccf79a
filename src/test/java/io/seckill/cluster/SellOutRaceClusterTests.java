package io.seckill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.seckill.cluster.ClusterShop.Buyer;
import io.seckill.stock.StockKeys;
import io.seckill.support.Api;
import io.seckill.support.StartingGun;

/**
 * The sell-out race of the single-node suite, through nginx over every node at once: whichever node
 * takes an attempt, no unit is sold twice, no buyer gets more than the limit, and once the consumers
 * have drained, the Redis counter and the database both say zero.
 */
@ClusterTest
class SellOutRaceClusterTests {

    private final Cluster cluster = Cluster.get();
    private final ClusterShop shop = new ClusterShop(cluster);

    @Test
    void aThousandAttemptsByFiveHundredBuyersThroughNginxSellExactlyTheHundredUnitsOnEveryNode() throws Exception {
        var sale = shop.openSale("Race " + ClusterShop.unique(), 100);
        var buyers = shop.buyers(500);
        // every buyer asks for two tokens, all buyers at once
        var attempts = StartingGun.fireTogether(buyers, buyer -> Stream.of(shop.tokenOrGateClosed(buyer, sale.promoId()),
                shop.tokenOrGateClosed(buyer, sale.promoId())).flatMap(Optional::stream)
                .map(token -> new Attempt(buyer, token)).toList()).stream().flatMap(List::stream).toList();
        // The gate lets 10 x 100 tokens out: all of them with one bucket; with several, each bucket closes at
        // its part of them, so a bucket with more than its share of these buyers turns a few away.
        assertThat(attempts).hasSizeBetween(cluster.buckets(sale.itemId()) == 1 ? 1000 : 800, 1000);
        var placedBefore = perNode(NodeMetrics::ordersPlaced);
        var answeredBefore = perNode(node -> NodeMetrics.requestsTo(node, "/api/orders"));

        var answers = race(attempts, attempt -> shop.orderUntilAnswered(attempt.buyer(), sale.promoId(), attempt.token()));

        var created = answers.stream().filter(a -> a.status() == 201).toList();
        assertThat(created).hasSize(100);
        assertThat(created.stream().map(a -> a.json().get("userId").asLong()).distinct()).hasSize(100);
        assertThat(answers.stream().filter(a -> a.status() != 201).map(a -> a.status() + " " + a.code())
                .collect(Collectors.toSet())).isSubsetOf("410 SOLD_OUT", "409 ALREADY_PURCHASED");

        // Every node took part (nginx spread the attempts); which node wins which unit is the race's
        // business: a node that has just restarted may lose every one of them to a warm one.
        var placed = perNode(NodeMetrics::ordersPlaced);
        var answered = perNode(node -> NodeMetrics.requestsTo(node, "/api/orders"));
        long total = 0;
        for (int node = 0; node < placed.size(); node++) {
            assertThat(answered.get(node) - answeredBefore.get(node)).as("order attempts answered by node " + (node + 1))
                    .isPositive();
            total += placed.get(node) - placedBefore.get(node);
        }
        assertThat(total).as("orders placed by all nodes").isEqualTo(100);

        await().atMost(Duration.ofSeconds(90)).until(() -> cluster.pendingDeductions(sale.itemId()) == 0
                && cluster.stockLogs(sale.itemId(), "INIT") == 0);
        assertThat(cluster.counter(sale.itemId())).isZero();
        // the item's stock lay on as many masters as it has buckets, up to all of them (StockPools.spread)
        var counters = cluster.bucketTags(sale.itemId()).stream().map(StockKeys::counter).toList();
        assertThat(cluster.mastersServing(counters)).isEqualTo(Math.min(counters.size(), cluster.redisMasters()));
        assertThat(cluster.dbStock(sale.itemId())).isZero();
        assertThat(cluster.liveOrderUnits(sale.promoId())).isEqualTo(100);
        assertThat(cluster.stockLogs(sale.itemId(), "INIT")).isZero();
        assertThat(cluster.buyersWithSeveralOrders(sale.promoId())).isZero();
        for (var order : created) {
            assertThat(cluster.orderExists(order.json().get("id").asLong())).isEqualTo(1);
        }
        var item = cluster.edge().get("/api/items/" + sale.itemId(), shop.admin());
        assertThat(item.json().get("stock").asLong()).isZero();
    }

    private List<Long> perNode(ToLongFunction<Http> metric) {
        var values = new ArrayList<Long>();
        for (int node = 1; node <= cluster.nodeCount(); node++) {
            values.add(metric.applyAsLong(cluster.node(node)));
        }
        return values;
    }

    /** All attempts start together once every one of them is ready. */
    static List<Api.Response> race(List<Attempt> attempts, java.util.function.Function<Attempt, Api.Response> call)
            throws Exception {
        return StartingGun.fireTogether(attempts, call);
    }

    record Attempt(Buyer buyer, String token) {
    }
}
