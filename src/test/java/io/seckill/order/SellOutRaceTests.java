package io.seckill.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.RepeatedTest;

import io.seckill.support.Api;
import io.seckill.support.AlsoOnRedisCluster;
import io.seckill.support.IntegrationTest;
import io.seckill.support.StartingGun;
import io.seckill.support.Shop.Buyer;

/**
 * Many buyers race for few units through the real HTTP API, real Redis, RocketMQ and MariaDB.
 * Whatever the interleaving: no unit sold twice, no buyer over the limit, every confirmed order
 * durable, and the counter and the database agree once the consumer has drained.
 */
@AlsoOnRedisCluster
class SellOutRaceTests extends IntegrationTest {

    @RepeatedTest(3)
    void aThousandAttemptsByFiveHundredBuyersSellExactlyTheHundredUnits() throws Exception {
        var sale = shop.openSale(100);
        var buyers = shop.buyers(500);
        // every buyer asks for two tokens, all buyers at once
        var attempts = StartingGun.fireTogether(buyers, buyer -> Stream.of(shop.tokenOrGateClosed(buyer, sale.promoId()),
                shop.tokenOrGateClosed(buyer, sale.promoId())).flatMap(Optional::stream)
                .map(token -> new Attempt(buyer, token)).toList()).stream().flatMap(List::stream).toList();
        // The gate lets 10 x 100 tokens out: all of them with one bucket; with several, each bucket closes at
        // its part of them, so a bucket with more than its share of these buyers turns a few away.
        assertThat(attempts).hasSizeBetween(pools.buckets(sale.itemId()) == 1 ? 1000 : 800, 1000);

        var answers = race(attempts, attempt -> shop.orderUntilAnswered(attempt.buyer(), sale.promoId(), attempt.token()));

        var created = answers.stream().filter(a -> a.status() == 201).toList();
        assertThat(created).hasSize(100);
        assertThat(created.stream().map(a -> a.json().get("userId").asLong()).distinct()).hasSize(100);
        assertThat(answers.stream().filter(a -> a.status() != 201).map(Api.Response::code).collect(Collectors.toSet()))
                .isSubsetOf("SOLD_OUT", "ALREADY_PURCHASED");

        awaitDrained(sale.itemId());
        assertThat(counter(sale.itemId())).isZero();
        assertThat(dbStock(sale.itemId())).isZero();
        assertThat(liveOrderUnits(sale.promoId())).isEqualTo(100);
        assertThat(stockLogCount(sale.itemId(), "INIT")).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE promo_id = ? GROUP BY user_id HAVING COUNT(*) > 1")
                .param(sale.promoId()).query(Long.class).list()).isEmpty();
        for (var order : created) {
            var owner = buyers.stream().filter(b -> b.id() == order.json().get("userId").asLong()).findFirst().orElseThrow();
            var read = api.get("/api/orders/" + order.json().get("id").asLong(), owner.session());
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("status").asString()).isEqualTo("UNPAID");
        }
        assertThat(shop.item(sale.itemId()).json().get("stock").asLong()).isZero();
    }

    @RepeatedTest(3)
    void oneBuyerFiringTwentyOrdersWithTwentyValidTokensGetsOneOrder() throws Exception {
        var sale = shop.openSale(50);
        var buyer = shop.buyer();
        var attempts = new ArrayList<Attempt>();
        for (int i = 0; i < 20; i++) {
            attempts.add(new Attempt(buyer, shop.token(buyer, sale.promoId())));
        }

        var answers = race(attempts, attempt -> shop.orderUntilAnswered(buyer, sale.promoId(), attempt.token()));

        var created = answers.stream().filter(a -> a.status() == 201).toList();
        assertThat(created).hasSize(1);
        long orderId = created.getFirst().json().get("id").asLong();
        var refused = answers.stream().filter(a -> a.status() != 201).toList();
        assertThat(refused).hasSize(19).allSatisfy(answer -> {
            assertThat(answer.code()).isEqualTo("ALREADY_PURCHASED");
            assertThat(answer.json().get("orderId").asLong()).isEqualTo(orderId);
        });
        awaitDrained(sale.itemId());
        assertThat(counter(sale.itemId())).isEqualTo(49);
        assertThat(dbStock(sale.itemId())).isEqualTo(49);
    }

    private void awaitDrained(long itemId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingDeductions(itemId) == 0
                && stockLogCount(itemId, "INIT") == 0);
    }

    /** All attempts start together once every one of them is ready. */
    static List<Api.Response> race(List<Attempt> attempts, java.util.function.Function<Attempt, Api.Response> call)
            throws Exception {
        return StartingGun.fireTogether(attempts, call);
    }

    record Attempt(Buyer buyer, String token) {
    }
}
