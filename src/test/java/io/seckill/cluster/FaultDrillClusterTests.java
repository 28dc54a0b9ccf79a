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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.seckill.cluster.PersistentBuyer.Outcome;

/**
 * A component of the production topology fails in the middle of a sale and comes back; buyers behave as
 * the contract tells them (retry BUSY, look up an order whose answer got lost, log in again when their
 * session is gone). Afterwards every invariant holds: each confirmed order exists, nobody holds two, no
 * stock-log row is left INIT, and the counter and the database both hold exactly what live orders did
 * not take. Each drill measures how long after its restart began the first new order succeeds, and how
 * long the books take to balance; the figures go to target/fault-drills.md.
 */
@ClusterTest
class FaultDrillClusterTests {

    private static final int STOCK = 150;
    private static final int BUYERS = 300;
    private static final int FAULT_AFTER_ORDERS = 30;
    /** Buyers who start the sale; the others arrive while the component is down. */
    private static final int FIRST_BUYERS = 80;
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

        // The first buyers start the sale; the fault strikes after FAULT_AFTER_ORDERS orders, with their
        // other orders in flight; the rest of the crowd arrives once the component is down, so that the
        // sale cannot end before the fault does, and keeps trying until the component is back.
        var faultDue = new CountDownLatch(FAULT_AFTER_ORDERS);
        var componentDown = new CountDownLatch(1);
        var faultAt = new AtomicLong();
        var downAt = new AtomicLong();
        var restartAt = new AtomicLong();
        var backAt = new AtomicLong();
        var faultThread = Thread.ofPlatform().start(() -> {
            try {
                if (!faultDue.await(BUYING_TIME.toSeconds(), TimeUnit.SECONDS)) {
                    return;
                }
                faultAt.set(System.nanoTime());
                var stop = new ArrayList<>(List.of("stop"));
                stop.addAll(List.of(stopArguments));
                assertThat(cluster.script(Duration.ofMinutes(2), stop.toArray(String[]::new))).isZero();
                downAt.set(System.nanoTime());
                componentDown.countDown();
                Thread.sleep(OUTAGE); // the outage itself: how long the component stays away
                restartAt.set(System.nanoTime());
                assertThat(cluster.script(Duration.ofMinutes(4), "up")).as("scripts/cluster up").isZero();
                backAt.set(System.nanoTime());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                componentDown.countDown();
            }
        });
        long deadline = System.nanoTime() + BUYING_TIME.toNanos();
        var outcomes = new ArrayList<Outcome>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Outcome>>();
            for (int i = 0; i < buyers.size(); i++) {
                var buyer = buyers.get(i);
                boolean early = i < FIRST_BUYERS;
                futures.add(pool.submit(() -> {
                    if (!early) {
                        componentDown.await();
                    }
                    return buyer.buyUntil(deadline, faultDue::countDown);
                }));
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
        // Recovery: from the moment `up` began restarting the component to the first order placed after it
        // (`up` itself returns later: it also waits for the rest of the topology to answer).
        var created = outcomes.stream().filter(o -> "CREATED".equals(o.code())).toList();
        long firstAfter = created.stream().mapToLong(Outcome::confirmedAt).filter(at -> at > restartAt.get()).min().orElse(0);
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

        long whileDown = created.stream().filter(o -> o.confirmedAt() > downAt.get() && o.confirmedAt() < restartAt.get()).count();
        record(String.format("| %s | %d | %d | %.1f s | %.1f s | %.1f s | %d | %d |", fault, STOCK, BUYERS,
                seconds(downAt.get() - faultAt.get()), seconds(firstAfter - restartAt.get()),
                seconds(balanced - drainStarted), whileDown, live));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static synchronized void record(String row) throws IOException {
        System.out.println("fault drill: " + row);
        Files.createDirectories(REPORT.getParent());
        if (!Files.exists(REPORT)) {
            Files.writeString(REPORT, """
                    | fault | units | buyers | stopping took | restart began to first new order | books balanced after the race | orders answered 201 while down | units sold |
                    |---|---|---|---|---|---|---|---|
                    """);
        }
        Files.writeString(REPORT, row + System.lineSeparator(), StandardOpenOption.APPEND);
    }
}
