package io.seckill.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.RedisCallback;

import io.seckill.support.Api;
import io.seckill.support.IntegrationTest;

/** After a sell-out the flood is turned away from memory: hundreds of orders, (almost) no Redis calls. */
class SoldOutFloodTests extends IntegrationTest {

    @Test
    void aSoldOutSaleAnswersTheFloodWithoutTouchingRedis() throws Exception {
        var sale = shop.openSale(1);
        var buyers = shop.buyers(20);
        assertThat(shop.order(buyers.getFirst(), sale.promoId(), 1, shop.token(buyers.getFirst(), sale.promoId()))
                .status()).isEqualTo(201);
        var late = buyers.get(1);
        assertThat(shop.order(late, sale.promoId(), 1, "any").code()).isEqualTo("SOLD_OUT");

        long before = redisCommandsProcessed();
        var answers = new ArrayList<Future<Api.Response>>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 400; i++) {
                var buyer = buyers.get(1 + i % 19);
                answers.add(pool.submit(() -> shop.order(buyer, sale.promoId(), 1, "flood")));
            }
        }
        long redisCalls = redisCommandsProcessed() - before;

        for (var answer : answers) {
            assertThat(answer.get().code()).isEqualTo("SOLD_OUT");
        }
        assertThat(redisCalls).as("Redis commands while answering 400 requests (background jobs only)")
                .isLessThan(40);
    }

    private long redisCommandsProcessed() {
        var stats = redis.execute((RedisCallback<java.util.Properties>) connection -> connection.serverCommands().info("stats"));
        return Long.parseLong(stats.getProperty("total_commands_processed").trim());
    }
}
