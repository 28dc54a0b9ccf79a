package io.seckill.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.micrometer.core.instrument.MeterRegistry;

import io.seckill.support.Api;
import io.seckill.support.IntegrationTest;
import io.seckill.support.Shop.Buyer;

/** After a sell-out the flood is turned away from memory: hundreds of orders, (almost) no Redis calls. */
class SoldOutFloodTests extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void aSoldOutSaleAnswersTheFloodFromMemory() throws Exception {
        var sale = shop.openSale(1);
        var buyers = shop.buyers(2);
        assertThat(shop.order(buyers.getFirst(), sale.promoId(), 1, shop.token(buyers.getFirst(), sale.promoId()))
                .status()).isEqualTo(201);
        assertThat(shop.order(buyers.get(1), sale.promoId(), 1, "any").code()).isEqualTo("SOLD_OUT");

        double scriptAndTokenCalls = scriptAndTokenCalls();
        var forged = new Buyer(0, "nobody", "forged-session-token");
        var answers = new ArrayList<Future<Api.Response>>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 400; i++) {
                answers.add(pool.submit(() -> shop.order(forged, sale.promoId(), 1, "flood")));
            }
        }

        for (var answer : answers) {
            // a session lookup would have said 401, a token check 403: neither happened
            assertThat(answer.get().code()).isEqualTo("SOLD_OUT");
        }
        assertThat(scriptAndTokenCalls()).as("no stock script ran and no token was consumed").isEqualTo(scriptAndTokenCalls);
    }

    private double scriptAndTokenCalls() {
        return redisCalls("EVALSHA") + redisCalls("EVAL") + redisCalls("GETDEL");
    }

    /** Commands of one type this process sent to Redis, as Lettuce's own metrics count them. */
    private double redisCalls(String command) {
        return meters.find("lettuce.command.completion").tag("command", command).timers().stream()
                .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }
}
