package io.seckill.order.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.seckill.platform.web.ProblemCode;

/**
 * Orders wait for a free placer, which takes all that wait (up to the batch size) at once; closing lets
 * the batches being placed finish and answers the orders still waiting BUSY.
 */
class OrderBatcherTests {

    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    /** Places by answering BUSY; the first batch waits for {@link #release}, so that the others pile up. */
    private void place(List<OrderBatcher.Request> batch) {
        if (batchSizes.isEmpty()) {
            batchSizes.add(batch.size());
            awaitRelease();
        } else {
            batchSizes.add(batch.size());
        }
        batch.forEach(request -> request.answer().complete(refused(ProblemCode.SOLD_OUT)));
    }

    @Test
    void aFreePlacerTakesEveryOrderWaitingUpToTheBatchSize() throws Exception {
        var answers = new ArrayList<java.util.concurrent.CompletableFuture<Placement>>();
        try (var batcher = new OrderBatcher(1, 10, this::place)) {
            answers.add(batcher.submit(request()));
            await().atMost(Duration.ofSeconds(10)).until(() -> batchSizes.size() == 1);
            for (int i = 0; i < 25; i++) {
                answers.add(batcher.submit(request()));
            }
            assertThat(batcher.waiting()).isEqualTo(25);

            release.countDown();
            for (var answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isInstanceOf(Placement.Refused.class);
            }
        }
        assertThat(batchSizes).containsExactly(1, 10, 10, 5);
    }

    @Test
    void closingFinishesTheBatchesBeingPlacedAndAnswersTheWaitingOrdersBusy() throws Exception {
        var batcher = new OrderBatcher(1, 10, this::place);
        var placing = batcher.submit(request());
        await().atMost(Duration.ofSeconds(10)).until(() -> batchSizes.size() == 1);
        var waiting = batcher.submit(request());

        var closing = Thread.ofVirtual().start(batcher::close);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).satisfies(placement ->
                assertThat(((Placement.Refused) placement).rejection().code()).isEqualTo(ProblemCode.BUSY));
        assertThat(placing).as("the batch being placed is not cut short").isNotDone();
        release.countDown();
        closing.join(Duration.ofSeconds(10));

        assertThat(((Placement.Refused) placing.get()).rejection().code()).isEqualTo(ProblemCode.SOLD_OUT);
        assertThat(((Placement.Refused) batcher.submit(request()).get()).rejection().code())
                .as("after closing, nothing is taken in").isEqualTo(ProblemCode.BUSY);
    }

    private static OrderBatcher.Request request() {
        return new OrderBatcher.Request(null, null, 1, "token");
    }

    private static Placement refused(ProblemCode code) {
        return new Placement.Refused(io.seckill.platform.web.Rejection.of(code, code.title()));
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
