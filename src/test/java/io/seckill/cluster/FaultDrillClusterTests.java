package io.seckill.cluster;

import static io.seckill.cluster.FaultDrill.FREEZE;
import static io.seckill.cluster.FaultDrill.OUTAGE;
import static io.seckill.cluster.FaultDrill.stopped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A component of the production topology fails in the middle of a sale and comes back ({@link FaultDrill}:
 * afterwards every invariant holds). Each drill measures how long after its restart began the first new
 * order succeeds, and how long the books take to balance; the figures go to target/fault-drills.md.
 */
@ClusterTest
class FaultDrillClusterTests {

    private final Cluster cluster = Cluster.get();
    private final FaultDrill drill = new FaultDrill(cluster);

    /** Whatever happened above, the next test finds every component running. */
    @AfterEach
    void everythingRunsAgain() throws Exception {
        assertThat(cluster.script(Duration.ofMinutes(4), "up")).as("scripts/cluster up after the drill").isZero();
    }

    @Test
    void theBrokerStoppedAndRestartedMidSaleLosesNoOrderAndNoUnit() throws Exception {
        drill.run("broker stopped (SIGTERM), restarted " + OUTAGE.toSeconds() + " s later", stopped("broker"));
    }

    @Test
    void theBrokerKilledMidSaleLosesNoOrderAndNoUnit() throws Exception {
        drill.run("broker killed (SIGKILL), restarted " + OUTAGE.toSeconds() + " s later", stopped("broker", "--kill"));
    }

    /**
     * Two broker groups, the master of one killed: orders go on through the other group (a send the dead
     * broker refuses is sent there, and the dead one is avoided for a while). The half messages it held are
     * asked about once it is back, and the messages it had committed are delivered then: the books balance.
     */
    @Test
    void aBrokerMasterKilledMidSaleLeavesOrdersFlowingThroughTheOtherGroupAndLosesNothing() throws Exception {
        assumeTrue(cluster.brokers().contains("broker-b"), "two broker groups (SECKILL_CLUSTER_BROKER_GROUPS=2)");
        long whileDown = drill.run("the master of broker group a killed (SIGKILL), group b"
                + (cluster.brokers().contains("broker-slave") ? " and group a's slave" : "") + " still up, restarted "
                + OUTAGE.toSeconds() + " s later", stopped("broker", "--kill")).whileDown();
        assertThat(whileDown).as("orders placed through the other group while the master was down").isPositive();
    }

    /**
     * A SYNC_MASTER whose slave is gone stores a message but answers that it could not replicate it; the
     * local transaction does not run and the batch is sent to the other group. The half message left on the
     * first master is asked about later, the stock log answers for it, and the consumer applies the batch once.
     */
    @Test
    void aBrokerSlaveKilledMidSaleSendsTheOrdersToTheOtherGroupAndAppliesEachOnce() throws Exception {
        assumeTrue(cluster.brokers().containsAll(List.of("broker-b", "broker-slave")),
                "two broker groups with slaves (SECKILL_CLUSTER_BROKER_GROUPS=2, SECKILL_CLUSTER_BROKER_SLAVES=true)");
        long whileDown = drill.run("the slave of broker group a killed (SIGKILL), restarted " + OUTAGE.toSeconds()
                + " s later", stopped("broker-slave", "--kill")).whileDown();
        assertThat(whileDown).as("orders placed while group a could not replicate").isPositive();
    }

    /**
     * The database primary dies; its replica, semi-synchronous (a commit returns only once the replica holds
     * it), is promoted and the nodes reconnect to it through the relay. Every order a buyer was told about
     * must be on the new primary, and the books must balance there.
     */
    @Test
    void theDatabasePrimaryKilledMidSaleIsReplacedByItsReplicaAndNoConfirmedOrderIsLost() throws Exception {
        assumeTrue(cluster.databaseServers().equals(List.of("db1", "db2")),
                "a database primary with its replica (SECKILL_CLUSTER_OWN_DB_PORT, SECKILL_CLUSTER_DB_REPLICA=true)");
        drill.run("the database primary killed (SIGKILL), its semi-synchronous replica promoted (db-promote)",
                sale -> new FaultDrill.Fault(List.of("stop", "db1", "--kill"), () -> { }, List.of("db-promote")));
    }

    @Test
    void redisRestartedEmptyMidSaleHasItsCounterRebuiltAndLosesNoUnit() throws Exception {
        assumeTrue(cluster.redisMasters() == 1 && !cluster.redisSentinels(),
                "the topology's one Redis server (a Redis Cluster or Sentinels fail over instead)");
        drill.run("Redis killed and restarted empty " + OUTAGE.toSeconds() + " s later", stopped("redis", "--kill"));
    }

    @Test
    void theDatabaseConnectionsDroppedForSecondsMidSaleLoseNoOrderAndNoUnit() throws Exception {
        drill.run("every database connection cut for " + OUTAGE.toSeconds() + " s", stopped("db-link", "--kill"));
    }

    /**
     * Redis replicates asynchronously: without the nodes waiting for a reservation's replica (WAIT,
     * {@code seckill.stock.replica-acks}), the replica that takes over could lack the last units sold and
     * sell them again. Its master is killed; the replica takes over; the dead server comes back as a replica.
     */
    @Test
    void theRedisMasterOfASaleBucketKilledMidSaleIsReplacedByItsReplicaAndSellsNothingTwice() throws Exception {
        assumeTrue(cluster.redisMasters() > 1, "a Redis Cluster, whose masters have replicas (the scaled topology)");
        drill.run("the Redis Cluster master of a bucket of the sale killed (SIGKILL); its replica took over; "
                + "the server back as a replica " + OUTAGE.toSeconds() + " s later", FaultDrill.redisMasterKilled(cluster));
    }

    /**
     * A master paused (a long GC, a frozen VM) past the cluster's failover timeout is replaced; it is woken as
     * soon as its replica has taken over, while the nodes may still route to it (Lettuce looks at the slot map
     * every 5 s) and their last commands wait in its socket: it answers them before it learns it is a replica
     * now, and whatever it reserves then is lost with its data. Its replica never confirms those
     * reservations, so none counts.
     */
    @Test
    void theRedisMasterOfASaleBucketPausedPastItsFailoverSellsNothingWhenItWakes() throws Exception {
        assumeTrue(cluster.redisMasters() > 1, "a Redis Cluster, whose masters have replicas (the scaled topology)");
        drill.run("the Redis Cluster master of a bucket of the sale paused (SIGSTOP) until its replica took over, then woken",
                FaultDrill.redisMasterPaused(cluster));
    }

    /**
     * One primary with a replica, failed over by Sentinels: the primary killed mid-sale. Replication is
     * asynchronous here too, so a reservation counts only once the replica has it (replica acks): the
     * promoted replica sells nothing twice.
     */
    @Test
    void theSentinelWatchedPrimaryKilledMidSaleIsReplacedByItsReplicaAndSellsNothingTwice() throws Exception {
        assumeTrue(cluster.redisSentinels(), "Redis under Sentinels (SECKILL_CLUSTER_REDIS=sentinel)");
        drill.run("the Redis primary killed (SIGKILL); the Sentinels promoted its replica; the server back as a "
                + "replica", FaultDrill.sentinelPrimaryKilled(cluster));
    }

    /** The primary paused past the Sentinels' failover, then woken: what it still answers must not count. */
    @Test
    void theSentinelWatchedPrimaryPausedPastItsFailoverSellsNothingWhenItWakes() throws Exception {
        assumeTrue(cluster.redisSentinels(), "Redis under Sentinels (SECKILL_CLUSTER_REDIS=sentinel)");
        drill.run("the Redis primary paused (SIGSTOP) until the Sentinels promoted its replica, then woken",
                FaultDrill.sentinelPrimaryPaused(cluster));
    }

    /**
     * A node frozen mid-sale (a long GC pause, a stalled VM): what nginx sends it waits, the broker asks the
     * other node about the frozen one's open batches once the pending grace has passed, and their rows are
     * rolled back; when the node wakes, its local transactions find their rows decided by someone else and
     * must neither write those orders nor keep their units.
     */
    @Test
    void aNodeFrozenForTenSecondsMidSaleSellsNothingTwiceWhenItWakes() throws Exception {
        drill.run("node 2 frozen (SIGSTOP) for " + FREEZE.toSeconds() + " s, then woken", FaultDrill.frozen("node2"));
    }
}
