package io.seckill.order.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.seckill.order.OrderProperties;
import io.seckill.user.Sessions;
import io.seckill.support.IntegrationTest;
import io.seckill.support.TestProbe;

/** Past its capacity order intake says so at once (429/503) instead of queueing, and takes nothing. */
class OrderIntakeSheddingTests extends IntegrationTest {

    @Autowired
    OrderDoor door;

    @Autowired
    OrderProperties properties;

    @Autowired
    OrderIntake intake;

    @Autowired
    Sessions sessions;

    /** What the attempts that did not wait in the intake answered, for the failure message. */
    private static Object finished(List<Future<Placement>> attempts) {
        return new Object() {
            @Override
            public String toString() {
                return attempts.stream().filter(Future::isDone).map(Future::resultNow).toList().toString();
            }
        };
    }

    @Test
    void pastTheRateLimitOrdersAreRateLimitedWithRetryAfter() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        var token = shop.token(buyer, sale.promoId());
        var limiter = door.limiter();
        limiter.changeLimitForPeriod(1);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                var answer = shop.order(buyer, sale.promoId(), 1, "not-a-token");
                return answer.status() == 429;
            });
            var limited = shop.order(buyer, sale.promoId(), 1, token);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.code()).isEqualTo("RATE_LIMITED");
            assertThat(limited.header("Retry-After")).isEqualTo("1");
        } finally {
            limiter.changeLimitForPeriod(properties.rateLimit());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> limiter.getMetrics().getAvailablePermissions() > 1);
        assertThat(shop.order(buyer, sale.promoId(), 1, token).status()).as("the limited request used nothing up")
                .isEqualTo(201);
    }

    @Test
    void whenEverySlotIsTakenOrdersAreBusyTakeNothingAndTheirTokensStayUsable() throws Exception {
        int capacity = properties.queue();
        var sale = shop.openSale(capacity + 10);
        var buyers = shop.buyers(capacity + 1);
        var held = new CountDownLatch(1);
        for (var buyer : buyers.subList(0, capacity)) {
            TestProbe.afterReservation(buyer.id(), claim -> {
                try {
                    held.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        var tokens = new ArrayList<String>();
        for (var buyer : buyers) {
            tokens.add(shop.token(buyer, sale.promoId()));
        }
        int stockBefore = (int) counter(sale.itemId());

        // Fill every slot from inside the process, so that "full" is a known state: the orders in the
        // placers' batches hang after their reservation, the others wait for a placer.
        List<Future<Placement>> filling = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < capacity; i++) {
                var caller = sessions.lazyCaller(buyers.get(i).session());
                var token = tokens.get(i);
                filling.add(pool.submit(() -> intake.place(caller, sale.promoId(), 1, token)));
            }
            await().atMost(Duration.ofSeconds(30)).alias("every slot taken; finished early: " + finished(filling))
                    .until(() -> intake.admitted() == capacity);
            await().atMost(Duration.ofSeconds(30)).alias("every order in a batch has its units")
                    .until(() -> counter(sale.itemId()) == stockBefore - (capacity - intake.waiting()));
            long counterBefore = counter(sale.itemId());

            var busy = shop.order(buyers.getLast(), sale.promoId(), 1, tokens.getLast());

            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.code()).isEqualTo("BUSY");
            assertThat(busy.header("Retry-After")).isNotNull();
            assertThat(counter(sale.itemId())).as("the refused order took nothing").isEqualTo(counterBefore);
            held.countDown();
            for (var future : filling) {
                assertThat(future.get()).isInstanceOf(Placement.Placed.class);
            }
        }
        assertThat(shop.order(buyers.getLast(), sale.promoId(), 1, tokens.getLast()).status())
                .as("the token refused with BUSY still works").isEqualTo(201);
    }
}
