package io.seckill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.seckill.cluster.PersistentBuyer.Outcome;

/**
 * A node dies (SIGKILL: no shutdown hook, no goodbye to the broker) in the middle of a sale. nginx routes
 * around it; every order a buyer was told about exists; the orders the node had half-placed are settled
 * by the broker asking the surviving node (check-back), so once everything drained no unit is lost.
 * Afterwards the node is started again with {@code scripts/cluster up} and gets traffic again.
 */
@ClusterTest
class NodeFailureClusterTests {

    private static final int STOCK = 200;
    private static final int BUYERS = 600;
    private static final int KILL_AFTER_ORDERS = 40;
    private static final Duration BUYING_TIME = Duration.ofSeconds(150);

    private final Cluster cluster = Cluster.get();
    private final ClusterShop shop = new ClusterShop(cluster);

    /** Whatever happened above, the other cluster tests find every node running. */
    @AfterEach
    void everyNodeRunsAgain() throws Exception {
        boolean allAlive = java.util.stream.IntStream.rangeClosed(1, cluster.nodeCount())
                .allMatch(node -> ProcessHandle.of(cluster.nodePid(node)).map(ProcessHandle::isAlive).orElse(false));
        if (!allAlive) {
            assertThat(cluster.script(Duration.ofMinutes(4), "up")).as("scripts/cluster up after a failed run").isZero();
        }
    }

    @Test
    void aNodeKilledMidSaleLosesNoConfirmedOrderAndNoUnitAndComesBack() throws Exception {
        int victim = cluster.nodeCount();
        long victimPid = cluster.nodePid(victim);
        assertThat(ProcessHandle.of(victimPid)).as("node " + victim + " runs").isPresent();
        var sale = shop.openSale("Crash " + ClusterShop.unique(), STOCK);
        var buyers = shop.buyers(BUYERS);
        var firstTokens = new ArrayList<String>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = buyers.stream().map(buyer -> pool.submit(() -> shop.token(buyer, sale.promoId()))).toList();
            for (var future : futures) {
                firstTokens.add(future.get());
            }
        }

        var confirmed = new AtomicInteger();
        var killedAt = new AtomicLong();
        Runnable killVictimOnce = () -> {
            if (killedAt.compareAndSet(0, System.nanoTime())) {
                ProcessHandle.of(victimPid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
            }
        };
        var persistent = buyers.stream().map(buyer -> new PersistentBuyer(buyer, sale.promoId())).toList();
        long deadline = System.nanoTime() + BUYING_TIME.toNanos();
        var outcomes = new ArrayList<Outcome>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Outcome>>();
            for (int i = 0; i < persistent.size(); i++) {
                var buyer = persistent.get(i);
                var token = firstTokens.get(i);
                futures.add(pool.submit(() -> buyer.buyUntil(deadline, token, () -> {
                    if (confirmed.incrementAndGet() == KILL_AFTER_ORDERS) {
                        killVictimOnce.run();
                    }
                })));
            }
            for (var future : futures) {
                outcomes.add(future.get());
            }
        }
        var unanswered = persistent.stream().flatMap(buyer -> buyer.unanswered().stream()).toList();
        assertThat(killedAt.get()).as("the node was killed during the sale").isPositive();
        // SIGKILL is delivered at once, but tearing down a JVM's memory takes the kernel a moment: the sale
        // may be over by then
        await("the killed node has exited").atMost(Duration.ofSeconds(10))
                .until(() -> !ProcessHandle.of(victimPid).map(ProcessHandle::isAlive).orElse(false));

        // nginx routes around the dead node: apart from requests in flight when it died, nobody saw it.
        long settled = killedAt.get() + Duration.ofSeconds(2).toNanos();
        assertThat(unanswered.stream().filter(sentAt -> sentAt > settled))
                .as("requests sent 2 s after the kill that got no answer").isEmpty();

        // No confirmed order is lost: every 201 (or order found after a lost answer) is in the database.
        var orders = outcomes.stream().filter(o -> o.orderId() > 0).toList();
        assertThat(orders).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ORDERS);
        for (var outcome : orders) {
            assertThat(cluster.orderExists(outcome.orderId())).as("order " + outcome.orderId()).isEqualTo(1);
        }

        long pendingAfterRace = cluster.stockLogs(sale.itemId(), "INIT");
        long drainStarted = System.nanoTime();
        // No unit is lost once the broker's check-back has settled the dead node's pending orders and the
        // consumers have drained: the counter and the database both hold what live orders did not take.
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(cluster.stockLogs(sale.itemId(), "INIT")).as("undecided orders").isZero();
            assertThat(cluster.pendingDeductions(sale.itemId())).as("undelivered deductions").isZero();
            long live = cluster.liveOrderUnits(sale.promoId());
            assertThat(cluster.counter(sale.itemId())).as("counter").isEqualTo(STOCK - live);
            assertThat(cluster.dbStock(sale.itemId())).as("database stock").isEqualTo(STOCK - live);
        });
        assertThat(cluster.buyersWithSeveralOrders(sale.promoId())).isZero();
        assertThat(cluster.liveOrderUnits(sale.promoId())).isGreaterThanOrEqualTo(orders.size());
        System.out.printf("node %d killed after %d orders; %d orders confirmed in all, %d requests without answer, "
                + "%d orders undecided after the race, settled and drained in %d ms; %d units sold, %d back in stock%n",
                victim, KILL_AFTER_ORDERS, orders.size(), unanswered.size(),
                pendingAfterRace, Duration.ofNanos(System.nanoTime() - drainStarted).toMillis(),
                cluster.liveOrderUnits(sale.promoId()), cluster.counter(sale.itemId()));

        // The node comes back with `scripts/cluster up` (it starts only what is not running) and gets traffic.
        assertThat(cluster.script(Duration.ofMinutes(4), "up")).as("scripts/cluster up, see cluster-script-from-tests.log")
                .isZero();
        assertThat(cluster.nodePid(victim)).isNotEqualTo(victimPid);
        assertThat(cluster.node(victim).get("/actuator/health", null).status()).isEqualTo(200);
        long before = NodeMetrics.requestsServed(cluster.node(victim));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 0; i < 10; i++) {
                assertThat(cluster.edge().get("/api/users/me", shop.admin()).status()).isEqualTo(200);
            }
            assertThat(NodeMetrics.requestsServed(cluster.node(victim))).isGreaterThan(before);
        });
    }
}
