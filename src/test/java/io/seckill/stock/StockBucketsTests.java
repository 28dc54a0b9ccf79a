package io.seckill.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.seckill.platform.redis.LuaScripts;
import io.seckill.stock.Reservation.Outcome;
import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.IntegrationTest;
import io.seckill.support.StartingGun;

/**
 * One item's stock split over several buckets (on a Redis Cluster, several shards): each buyer is served by
 * their home bucket, a bucket that runs dry is refilled from the others, the item is sold out only when every
 * bucket is empty, no unit is stranded or made twice, and no buyer holds two orders through two buckets.
 */
@AlsoOnRedisCluster
class StockBucketsTests extends IntegrationTest {

    @Autowired
    StockRecovery recovery;

    private static final AtomicLong ORDER_IDS = new AtomicLong(1_000_000);

    @Autowired
    StockPools pools;

    @Autowired
    SoldOutBoard soldOut;

    @Test
    void theUnitsAreSplitEvenlyAndABuyerTakesThemFromTheirHomeBucket() {
        long item = itemSplitInto(4, 10);
        assertThat(pools.counters(item)).containsExactly(3L, 3L, 2L, 2L);

        long buyer = 12345;
        assertThat(reserve(item, buyer)).isEqualTo(Outcome.RESERVED);

        var expected = new ArrayList<>(List.of(3L, 3L, 2L, 2L));
        int home = pools.home(item, buyer);
        expected.set(home, expected.get(home) - 1);
        assertThat(pools.counters(item)).containsExactlyElementsOf(expected);
    }

    @Test
    void aBuyerWhoseHomeBucketRanDryStillBuysWhileUnitsRemainAnywhere() {
        long item = itemSplitInto(4, 4);
        var sameHome = buyersWithHome(item, pools.home(item, 1), 5);

        for (int i = 0; i < 4; i++) {
            assertThat(reserve(item, sameHome.get(i))).as("buyer %d of 4", i + 1).isEqualTo(Outcome.RESERVED);
        }

        assertThat(reserve(item, sameHome.get(4))).isEqualTo(Outcome.SOLD_OUT);
        assertThat(pools.counters(item)).containsOnly(0L);
        assertThat(soldOut.isSoldOut(item)).isTrue();
    }

    @Test
    void aCrowdRacingForTheLastUnitsOfManyBucketsBuysEveryUnitAndNotOneMore() throws Exception {
        long item = itemSplitInto(4, 40);

        // 200 buyers at once, each alone in their batch: the buckets run dry unevenly and are refilled
        var outcomes = StartingGun.fireTogether(LongStream.rangeClosed(1, 200).boxed().toList(), buyer -> reserve(item, buyer));

        assertThat(outcomes).hasSize(200);
        assertThat(outcomes.stream().filter(outcome -> outcome == Outcome.RESERVED)).hasSize(40);
        assertThat(outcomes.stream().filter(outcome -> outcome == Outcome.SOLD_OUT)).hasSize(160);
        assertThat(pools.counters(item)).containsOnly(0L);
        assertThat(ledger.counterNow(item)).hasValue(0);
        assertThat(soldOut.isSoldOut(item)).isTrue();
    }

    @Test
    void noBuyerGetsTwoOrdersThroughTwoBucketsEvenWhenEachTriesTwiceAtOnce() throws Exception {
        long item = itemSplitInto(4, 60);
        long promo = item + 1;
        var attempts = LongStream.rangeClosed(1, 100).boxed().flatMap(buyer -> Stream.of(buyer, buyer)).toList();

        var outcomes = StartingGun.fireTogether(attempts,
                buyer -> ledger.reserveAll(List.of(new StockClaim(ORDER_IDS.incrementAndGet(), item, promo, buyer, 1))).getFirst());

        var reserved = new ArrayList<Long>();
        for (int i = 0; i < attempts.size(); i++) {
            if (outcomes.get(i).outcome() == Outcome.RESERVED) {
                reserved.add(attempts.get(i));
            }
        }
        assertThat(reserved).hasSize(60).doesNotHaveDuplicates();
        assertThat(ledger.counterNow(item)).hasValue(0);
    }

    @Test
    void aBuyerWhoseBucketIsDryWhileTheLastUnitIsOnItsWayElsewhereIsToldToRetryNotSoldOut() {
        long item = itemSplitInto(2, 2);
        long inBucket0 = buyersWithHome(item, 0, 1).getFirst();
        long inBucket1 = buyersWithHome(item, 1, 1).getFirst();
        assertThat(reserve(item, inBucket1)).isEqualTo(Outcome.RESERVED);
        // another node is moving bucket 0's last unit to bucket 1 right now
        redis.execute(LuaScripts.longScript("transfer_out"),
                List.of(StockKeys.counter(pools.tag(item, 0)), StockKeys.transfersOut(pools.tag(item, 0)),
                        StockKeys.transfersStarted(pools.tag(item, 0))),
                System.currentTimeMillis() + "-moving", "1", "1");
        assertThat(pools.counters(item)).containsOnly(0L);

        assertThat(reserve(item, inBucket0)).isEqualTo(Outcome.UNITS_MOVING);
        assertThat(soldOut.isSoldOut(item)).as("a unit is left").isFalse();
        assertThat(ledger.counterNow(item)).hasValue(1);
    }

    @Test
    void anItemIsNeverCalledEmptyWhileItsLastUnitMovesFromBucketToBucket() throws Exception {
        long item = itemSplitInto(3, 1);
        var moving = new AtomicBoolean(true);
        // each bucket's buyers, all dry, keep pulling the one unit over to their own bucket
        var movers = IntStream.range(0, 3).mapToObj(bucket -> Thread.ofVirtual().start(() -> {
            while (moving.get()) {
                ledger.refill(item, bucket);
            }
        })).toList();
        List<Integer> calledEmpty;
        try {
            calledEmpty = StartingGun.fireTogether(List.of(1, 2, 3, 4), checker -> (int) IntStream.range(0, 500)
                    .filter(check -> ledger.markIfEmptyEverywhere(item)).count());
        } finally {
            moving.set(false);
            for (var mover : movers) {
                mover.join();
            }
        }

        assertThat(calledEmpty).as("checks that found no unit, per checker").containsOnly(0);
        assertThat(soldOut.isSoldOut(item)).isFalse();
        assertThat(ledger.counterNow(item)).hasValue(1);
    }

    @Test
    void aTransferLeftHalfwayCountsAsOnItsWayAndIsFinishedExactlyOnce() {
        long item = itemSplitInto(2, 10);
        // a node took 3 units out of bucket 0 for bucket 1 a minute ago and died before putting them in
        var transfer = (System.currentTimeMillis() - 60_000) + "-halfway";
        redis.execute(LuaScripts.longScript("transfer_out"),
                List.of(StockKeys.counter(pools.tag(item, 0)), StockKeys.transfersOut(pools.tag(item, 0)),
                        StockKeys.transfersStarted(pools.tag(item, 0))), transfer, "3", "1");
        assertThat(pools.counters(item)).containsExactly(2L, 5L);
        assertThat(ledger.counterNow(item)).as("the units on their way count").hasValue(10);

        recovery.finishStaleTransfers(item, Duration.ofSeconds(5));
        recovery.finishStaleTransfers(item, Duration.ofSeconds(5));

        assertThat(pools.counters(item)).containsExactly(2L, 8L);
        assertThat(ledger.counterNow(item)).hasValue(10);
    }

    @Test
    void aLostBucketIsRebuiltWithWhatTheDatabaseSaysLessWhatTheOtherBucketsHold() {
        long item = itemSplitInto(3, 12);
        long promo = item + 1;
        var buyers = LongStream.rangeClosed(1, 6).boxed().toList();
        var orders = new HashMap<Long, Long>();
        for (long buyer : buyers) {
            long order = ORDER_IDS.incrementAndGet();
            ledger.reserveAll(List.of(new StockClaim(order, item, promo, buyer, 1)));
            orders.put(buyer, order);
        }
        int lost = pools.home(item, 1);
        long heldElsewhere = ledger.counterNow(item).orElseThrow() - pools.counters(item).get(lost);
        redis.delete(List.of(StockKeys.counter(pools.tag(item, lost)), StockKeys.buyers(pools.tag(item, lost), promo)));
        assertThat(ledger.counterNow(item)).isEmpty();

        // the database: 12 units, 6 sold
        assertThat(recovery.rebuild(item, 6, Map.of(promo, orders))).isTrue();

        assertThat(pools.counters(item).get(lost)).isEqualTo(6 - heldElsewhere);
        assertThat(ledger.counterNow(item)).hasValue(6);
        assertThat(ledger.reserveAll(List.of(new StockClaim(ORDER_IDS.incrementAndGet(), item, promo, 1, 1))))
                .as("the lost bucket's buyers are back").containsExactly(new Reservation(Outcome.ALREADY_PURCHASED, orders.get(1L)));
    }

    private Outcome reserve(long item, long buyer) {
        var claim = new StockClaim(ORDER_IDS.incrementAndGet(), item, item + 1, buyer, 1);
        return ledger.reserveAll(List.of(claim)).getFirst().outcome();
    }

    private List<Long> buyersWithHome(long item, int home, int count) {
        return LongStream.iterate(1, id -> id + 1).filter(id -> pools.home(item, id) == home).limit(count).boxed().toList();
    }

    /** An item no other test has (far above the database's ids), its stock split as the layout in Redis says. */
    private long itemSplitInto(int buckets, long units) {
        long item = 2_000_000_000L + 2L * ThreadLocalRandom.current().nextInt(1_000_000_000);
        splitStock(item, buckets, units);
        return item;
    }
}
