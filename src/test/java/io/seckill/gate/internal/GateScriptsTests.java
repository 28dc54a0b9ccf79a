package io.seckill.gate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.seckill.catalog.Promo;
import io.seckill.gate.GateProperties;
import io.seckill.gate.PromoGate;
import io.seckill.gate.PromoGate.Presented;
import io.seckill.platform.web.ProblemCode;
import io.seckill.stock.StockClaim;
import io.seckill.stock.SoldOutBoard;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPools;
import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.IntegrationTest;

/**
 * The gate's scripts on the Redis the suite runs against, every outcome each can return. On a Redis
 * Cluster (the suite's cluster run in {@code .ci/run}) the token script's five keys and a batch of tokens
 * must each keep to one slot, or these fail with CROSSSLOT.
 */
@AlsoOnRedisCluster
class GateScriptsTests extends IntegrationTest {

    @Autowired
    TokenIssuer issuer;

    @Autowired
    Captchas captchas;

    @Autowired
    PromoGate gate;

    @Autowired
    StockLedger ledger;

    @Autowired
    GateProperties properties;

    @Autowired
    StockPools pools;

    @Autowired
    SoldOutBoard soldOut;

    @Test
    void aRightCaptchaGetsATokenAndEveryOtherAnswerOfTheTokenScriptIsItsOwnRefusal() {
        var promo = promo(2);
        splitInto(promo, 1, 2);

        assertThat(issue(promo, 1, "WRONG", "RIGHT")).isEqualTo(ProblemCode.CAPTCHA_WRONG);
        assertThat(issuer.issue(promo, 2, "RIGHT")).as("no captcha asked for").isInstanceOf(TokenIssuer.Refused.class);
        assertThat(issuer.issue(remembered(promo, 3, "RIGHT"), 3, "right")).isInstanceOf(TokenIssuer.Issued.class);

        ledger.reserveAll(List.of(new StockClaim(77, promo.itemId(), promo.id(), 3, 1)));
        assertThat(issue(promo, 3, "RIGHT", "RIGHT")).isEqualTo(ProblemCode.ALREADY_PURCHASED);
        ledger.reserveAll(List.of(new StockClaim(78, promo.itemId(), promo.id(), 4, 1)));
        assertThat(issue(promo, 5, "RIGHT", "RIGHT")).isEqualTo(ProblemCode.SOLD_OUT);
        assertThat(issue(promo(1), 6, "RIGHT", "RIGHT")).as("a counter never warmed").isEqualTo(ProblemCode.BUSY);
    }

    @Test
    void theGateClosesAfterFactorTimesStockTokens() {
        var promo = promo(1);
        splitInto(promo, 1, 1);
        for (int buyer = 1; buyer <= properties.factor(); buyer++) {
            assertThat(issuer.issue(remembered(promo, buyer, "RIGHT"), buyer, "RIGHT")).isInstanceOf(TokenIssuer.Issued.class);
        }

        assertThat(issue(promo, 1_000, "RIGHT", "RIGHT")).isEqualTo(ProblemCode.TOKENS_EXHAUSTED);
        assertThat(gate.tokensIssued(promo, promo.gateSize(properties.factor()))).isEqualTo(properties.factor());
    }

    @Test
    void tokensOfSeveralItemsAreTakenInOneBatchEachOnlyByItsOwnerAndOnlyOnce() {
        var first = promo(5);
        var second = promo(5);
        splitInto(first, 1, 5);
        splitInto(second, 1, 5);
        String a = token(first, 1);
        String b = token(second, 1);
        String c = token(first, 2);

        var taken = gate.takeAll(List.of(new Presented(a, 1, first), new Presented(b, 2, second),
                new Presented(c, 2, first), new Presented("no-such-token", 1, second), new Presented(b, 1, second)));

        assertThat(taken).extracting(token -> token.isPresent())
                .containsExactly(true, false, true, false, false); // b: shown by someone else first, and used up by that
        assertThat(gate.consume(a, 1, first)).as("used once").isFalse();
        gate.handBack(taken.getFirst().orElseThrow());
        assertThat(gate.isValid(a, 1, first)).isTrue();
        assertThat(gate.take(a, 1, first)).get().extracting(PromoGate.TakenToken::left)
                .matches(left -> left.compareTo(Duration.ZERO) > 0 && left.compareTo(properties.tokenLifetime()) <= 0);
    }

    @Test
    void aBuyerWhoseHomeBucketIsDryGetsATokenWhileAnotherBucketHoldsUnits() {
        var promo = promo(2);
        splitInto(promo, 2, 2);
        long buyer = 1;
        long neighbour = buyerAtHomeWith(promo, buyer);
        ledger.reserveAll(List.of(new StockClaim(81, promo.itemId(), promo.id(), neighbour, 1)));
        assertThat(pools.counters(promo.itemId()).get(pools.home(promo.itemId(), buyer))).isZero();

        assertThat(issuer.issue(remembered(promo, buyer, "RIGHT"), buyer, "RIGHT")).isInstanceOf(TokenIssuer.Issued.class);
        assertThat(pools.counters(promo.itemId()).get(pools.home(promo.itemId(), buyer))).as("refilled").isEqualTo(1);
    }

    @Test
    void whenEveryBucketIsEmptyTheTokenIsTakenBackAndTheItemIsSoldOut() {
        var promo = promo(2);
        splitInto(promo, 2, 2);
        long buyer = 1;
        ledger.reserveAll(List.of(new StockClaim(82, promo.itemId(), promo.id(), 100, 1),
                new StockClaim(83, promo.itemId(), promo.id(), 101, 1)));
        ledger.reserveAll(List.of(new StockClaim(84, promo.itemId(), promo.id(), 102, 1)));
        assertThat(pools.counters(promo.itemId())).containsOnly(0L);

        assertThat(issue(promo, buyer, "RIGHT", "RIGHT")).isEqualTo(ProblemCode.SOLD_OUT);
        assertThat(redis.keys("token:" + pools.homeTag(promo.itemId(), buyer) + ":*")).isEmpty();
        assertThat(soldOut.isSoldOut(promo.itemId())).isTrue();
    }

    /** The item's stock in Redis: one bucket unless a test is about several. */
    private void splitInto(Promo promo, int buckets, long units) {
        splitStock(promo.itemId(), buckets, units);
    }

    private long buyerAtHomeWith(Promo promo, long buyer) {
        long other = buyer + 1;
        while (pools.home(promo.itemId(), other) != pools.home(promo.itemId(), buyer)) {
            other++;
        }
        return other;
    }

    private ProblemCode issue(Promo promo, long userId, String answer, String correct) {
        var issued = issuer.issue(remembered(promo, userId, correct), userId, answer);
        assertThat(issued).isInstanceOf(TokenIssuer.Refused.class);
        return ((TokenIssuer.Refused) issued).rejection().code();
    }

    private Promo remembered(Promo promo, long userId, String answer) {
        captchas.remember(promo, userId, answer);
        return promo;
    }

    private String token(Promo promo, long userId) {
        var issued = issuer.issue(remembered(promo, userId, "RIGHT"), userId, "RIGHT");
        return ((TokenIssuer.Issued) issued).token();
    }

    /** A promo of an item no other test has, far above the database's ids; never stored, only its keys are used. */
    private static Promo promo(int stock) {
        long id = 1_000_000_000L + ThreadLocalRandom.current().nextInt(1_000_000_000);
        var now = Instant.now();
        return new Promo(id, id, "Scripts", BigDecimal.ONE, now.minusSeconds(1), now.plusSeconds(600), 1, 15, true, stock);
    }
}
