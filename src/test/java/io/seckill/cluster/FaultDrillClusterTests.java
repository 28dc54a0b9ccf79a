package io.seckill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.seckill.cluster.PersistentBuyer.Outcome;

/**
 * A component of the production topology fails in the middle of a sale and comes back; buyers behave as
 * the contract tells them (retry BUSY, look up an order whose answer got lost, log in again when their
 * session is gone). Afterwards every invariant holds: each confirmed order exists, nobody holds two, no
 * stock-log row is left INIT, and the counter and the database both hold exactly what live orders did
 * not take. Each drill measures how long after the component is back the first order succeeds, and how
 * long the books take to balance; the figures go to target/fault-drills.md.
 */
@ClusterTest
class FaultDrillClusterTests {

    private static final int STOCK = 150;
    private static final int BUYERS = 300;
    private static final int FAULT_AFTER_ORDERS = 30;
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final Duration BUYING_TIME = Duration.ofSeconds(150);
    private static final Path REPORT = Path.of("target", "fault-drills.md");

    private final Cluster cluster = Cluster.get();
    private final ClusterShop shop = new ClusterShop(cluster);

    /** Whatever happened above, the next test finds every component running. */
    @AfterEach
    void everythingRunsAgain() throws Exception {
        assertThat(cluster.script(Duration.ofMinutes(4), "up")).as("scripts/cluster up after the drill").isZero();
    }

    @Test
    void theBrokerStoppedAndRestartedMidSaleLosesNoOrderAndNoUnit() throws Exception {
        drill("broker stopped (SIGTERM), restarted " + OUTAGE.toSeconds() + " s later", "broker");
    }

    @Test
    void theBrokerKilledMidSaleLosesNoOrderAndNoUnit() throws Exception {
        drill("broker killed (SIGKILL), restarted " + OUTAGE.toSeconds() + " s later", "broker", "--kill");
    }

    @Test
    void redisRestartedEmptyMidSaleHasItsCounterRebuiltAndLosesNoUnit() throws Exception {
        drill("Redis killed and restarted empty " + OUTAGE.toSeconds() + " s later", "redis", "--kill");
    }

    @Test
    void theDatabaseConnectionsDroppedForSecondsMidSaleLoseNoOrderAndNoUnit() throws Exception {
        drill("every database connection cut for " + OUTAGE.toSeconds() + " s", "db-link", "--kill");
    }

    private void drill(String fault, String... stopArguments) throws Exception {
        var sale = shop.openSale("Drill " + ClusterShop.unique(), STOCK);
        var buyers = shop.buyers(BUYERS).stream().map(buyer -> new PersistentBuyer(buyer, sale.promoId())).toList();

        var confirmed = new AtomicInteger();
        var faultAt = new AtomicLong();
        var backAt = new AtomicLong();
        var faultThread = Thread.ofPlatform().unstarted(() -> {
            try {
                faultAt.set(System.nanoTime());
                var stop = new ArrayList<>(List.of("stop"));
                stop.addAll(List.of(stopArguments));
                assertThat(cluster.script(Duration.ofMinutes(2), stop.toArray(String[]::new))).isZero();
                Thread.sleep(OUTAGE); // the outage itself: how long the component stays away
                assertThat(cluster.script(Duration.ofMinutes(4), "up")).as("scripts/cluster up").isZero();
                backAt.set(System.nanoTime());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long deadline = System.nanoTime() + BUYING_TIME.toNanos();
        var outcomes = new ArrayList<Outcome>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Outcome>>();
            for (var buyer : buyers) {
                futures.add(pool.submit(() -> buyer.buyUntil(deadline, () -> {
                    if (confirmed.incrementAndGet() == FAULT_AFTER_ORDERS) {
                        faultThread.start();
                    }
                })));
            }
            for (var future : futures) {
                outcomes.add(future.get());
            }
        }
        faultThread.join(Duration.ofMinutes(5));
        assertThat(backAt.get()).as("the fault was injected and the component came back").isPositive();

        // Every buyer ended with an answer: an order or a clear refusal, none gave up on a broken system.
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.code()).isIn("CREATED", "FOUND", "SOLD_OUT",
                "ALREADY_PURCHASED", "TOKENS_EXHAUSTED"));
        var orders = outcomes.stream().filter(o -> o.orderId() > 0).toList();
        for (var outcome : orders) {
            assertThat(cluster.orderExists(outcome.orderId())).as("confirmed order: " + outcome).isEqualTo(1);
        }
        long firstAfter = outcomes.stream().filter(o -> o.confirmedAt() > backAt.get())
                .mapToLong(Outcome::confirmedAt).min().orElse(0);
        assertThat(firstAfter).as("orders are taken again once the component is back").isPositive();

        long drainStarted = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(cluster.stockLogs(sale.itemId(), "INIT")).as("undecided orders").isZero();
            assertThat(cluster.pendingDeductions(sale.itemId())).as("undelivered deductions").isZero();
            long live = cluster.liveOrderUnits(sale.promoId());
            assertThat(cluster.counter(sale.itemId())).as("counter").isEqualTo(STOCK - live);
            assertThat(cluster.dbStock(sale.itemId())).as("database stock").isEqualTo(STOCK - live);
        });
        long balanced = System.nanoTime();
        assertThat(cluster.buyersWithSeveralOrders(sale.promoId())).isZero();
        long live = cluster.liveOrderUnits(sale.promoId());
        assertThat(live).isLessThanOrEqualTo(STOCK).isGreaterThanOrEqualTo(orders.size());

        long duringOutage = outcomes.stream().filter(o -> o.confirmedAt() > faultAt.get() && o.confirmedAt() < backAt.get()).count();
        record(String.format("| %s | %d | %d | %d | %.1f s | %.1f s | %.1f s | %d | %d |", fault, STOCK, BUYERS,
                FAULT_AFTER_ORDERS, seconds(backAt.get() - faultAt.get()), seconds(firstAfter - backAt.get()),
                seconds(balanced - drainStarted), duringOutage, live));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static synchronized void record(String row) throws IOException {
        System.out.println("fault drill: " + row);
        Files.createDirectories(REPORT.getParent());
        if (!Files.exists(REPORT)) {
            Files.writeString(REPORT, """
                    | fault | units | buyers | after orders | fault to back | back to first order | books balanced after the race | orders during the fault | units sold |
                    |---|---|---|---|---|---|---|---|---|
                    """);
        }
        Files.writeString(REPORT, row + System.lineSeparator(), StandardOpenOption.APPEND);
    }
}
