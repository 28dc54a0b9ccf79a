package io.seckill.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.lettuce.core.cluster.SlotHash;
import io.seckill.platform.redis.LuaScripts;
import io.seckill.stock.Reservation.Outcome;
import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.IntegrationTest;

/**
 * The stock scripts on the Redis the suite runs against, every outcome each can return, on items of one bucket
 * ({@link StockBucketsTests} for several). On a Redis Cluster
 * (the suite's cluster run in {@code .ci/run}) a script whose keys left their stock pool's slot would fail
 * here with CROSSSLOT; a batch over several items is one call per pool there.
 */
@AlsoOnRedisCluster
class StockScriptsTests extends IntegrationTest {

    @Autowired
    StockRecovery recovery;

    @Autowired
    StockLedger ledger;

    @Test
    void aBatchIsDecidedClaimByClaimWithEveryOutcomeTheScriptKnows() {
        long item = freshItemId();
        long promo = item + 1;
        warmOneBucket(item, 3);

        var reservations = ledger.reserveAll(List.of(
                new StockClaim(101, item, promo, 1, 2),
                new StockClaim(102, item, promo, 2, 2),
                new StockClaim(103, item, promo, 1, 1),
                new StockClaim(104, freshItemId(), promo, 3, 1)));

        assertThat(reservations).containsExactly(
                new Reservation(Outcome.RESERVED, 1),
                new Reservation(Outcome.SOLD_OUT, 1),
                new Reservation(Outcome.ALREADY_PURCHASED, 101),
                new Reservation(Outcome.NO_COUNTER, 0));
        assertThat(ledger.counterNow(item)).hasValue(1);
    }

    @Test
    void aBatchOverItemsOnDifferentSlotsReservesEachFromItsOwnPoolAndAnswersInTheOrderGiven() {
        long first = freshItemId();
        long second = first + 1;
        while (SlotHash.getSlot(StockKeys.firstTag(second)) == SlotHash.getSlot(StockKeys.firstTag(first))) {
            second += 2;
        }
        warmOneBucket(first, 5);
        warmOneBucket(second, 1);

        var reservations = ledger.reserveAll(List.of(
                new StockClaim(201, first, 7, 1, 1),
                new StockClaim(202, second, 8, 1, 1),
                new StockClaim(203, first, 7, 2, 1),
                new StockClaim(204, second, 8, 2, 1)));

        assertThat(reservations).extracting(Reservation::outcome)
                .containsExactly(Outcome.RESERVED, Outcome.RESERVED, Outcome.RESERVED, Outcome.SOLD_OUT);
        assertThat(ledger.counterNow(first)).hasValue(3);
        assertThat(ledger.counterNow(second)).hasValue(0);
    }

    @Test
    void aReleaseGivesTheUnitsBackOnceAndOnlyForTheOrderThatHoldsThem() {
        var claim = reservedFromTwoUnits(301, 2);
        long item = claim.itemId();

        assertThat(ledger.release(new StockClaim(999, item, 9, 1, 2))).isFalse();
        assertThat(ledger.release(claim)).isTrue();
        assertThat(ledger.release(claim)).isFalse();
        assertThat(ledger.counterNow(item)).hasValue(2);
    }

    @Test
    void aReleaseThatFindsTheCounterLostChangesNothingAndSaysSo() {
        var claim = reservedFromTwoUnits(302, 1);
        var home = pools.homeTag(claim.itemId(), 1);
        redis.delete(StockKeys.counter(home));

        assertThatThrownBy(() -> ledger.release(claim)).isInstanceOf(StockCounterMissingException.class);
        assertThat(redis.hasKey(StockKeys.counter(home))).as("no counter made of the release alone").isFalse();
        assertThat(redis.opsForHash().get(StockKeys.buyers(home, 9), "1")).as("the buyer entry stays").isEqualTo("302");
    }

    @Test
    void aRebuildPutsTheCounterAndEveryPromosBuyersBackInOneStepButNeverOverALiveCounter() {
        long item = freshItemId();

        assertThat(recovery.rebuild(item, 4, Map.of(11L, Map.of(1L, 401L), 12L, Map.of(2L, 402L)))).isTrue();
        assertThat(recovery.rebuild(item, 100, Map.of())).isFalse();

        assertThat(ledger.counterNow(item)).hasValue(4);
        var again = ledger.reserveAll(List.of(new StockClaim(403, item, 11, 1, 1), new StockClaim(404, item, 12, 2, 1)));
        assertThat(again).containsExactly(new Reservation(Outcome.ALREADY_PURCHASED, 401),
                new Reservation(Outcome.ALREADY_PURCHASED, 402));
    }

    @Test
    void aTransferIsCreditedToItsReceiverOnceHoweverOftenItIsFinishedAndNeverToALostCounter() {
        long item = freshItemId();
        warmOneBucket(item, 5);
        var receiver = pools.tag(item, 0);

        assertThat(transferIn(receiver, "t-1", 3)).as("credited now").isEqualTo(1);
        assertThat(transferIn(receiver, "t-1", 3)).as("credited before: a second node finishing it").isEqualTo(0);
        assertThat(ledger.counterNow(item)).hasValue(8);

        redis.delete(StockKeys.counter(receiver));
        assertThat(transferIn(receiver, "t-2", 3)).as("no counter to credit").isEqualTo(-1);
        assertThat(redis.hasKey(StockKeys.counter(receiver))).as("no counter made of a transfer alone").isFalse();
    }

    private long transferIn(String receiver, String transfer, long units) {
        return redis.execute(LuaScripts.longScript("transfer_in"), List.of(StockKeys.counter(receiver),
                StockKeys.transfersIn(receiver)), transfer, Long.toString(units), Long.toString(System.currentTimeMillis()),
                "60000");
    }

    /** Buyer 1's claim on promo 9, reserved from a fresh item's two units in one bucket. */
    private StockClaim reservedFromTwoUnits(long orderId, int quantity) {
        long item = freshItemId();
        warmOneBucket(item, 2);
        var claim = new StockClaim(orderId, item, 9, 1, quantity);
        ledger.reserveAll(List.of(claim));
        return claim;
    }

    private void warmOneBucket(long item, long units) {
        splitStock(item, 1, units);
    }

    /** Items no other test has: far above the database's ids, two apart so that a test may use the next one. */
    private static long freshItemId() {
        return 1_000_000_000L + 2L * ThreadLocalRandom.current().nextInt(1_000_000_000);
    }
}
