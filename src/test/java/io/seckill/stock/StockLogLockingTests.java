package io.seckill.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.seckill.platform.jdbc.SqlRows;
import io.seckill.support.IntegrationTest;

/**
 * Placers write their batches at the same time, so moving one batch's rows out of INIT must lock those
 * rows and nothing else. Found at ten times the clients: with a long list of ids and few INIT rows in the
 * table, the optimizer chose the status index, locked every INIT row of every batch in flight, and the
 * placers deadlocked on each other (each loser's whole batch answered BUSY).
 */
class StockLogLockingTests extends IntegrationTest {

    /** Far above the ids the application hands out, so these rows meet no order of another test. */
    private static final long FIRST_ID = 8_000_000_000L;
    private static final long ITEM = 8_000_000_000L;

    @Autowired
    StockLog stockLog;

    @Autowired
    PlatformTransactionManager transactions;

    @AfterEach
    void removeRows() {
        jdbc.sql("DELETE FROM stock_log WHERE item_id = ?").param(ITEM).update();
    }

    @Test
    void aBatchBeingWrittenHoldsUpNoOtherBatch() throws Exception {
        // A sale in progress: most rows decided, one batch just begun and being written.
        insertDone(FIRST_ID, 3_000);
        var first = claims(FIRST_ID + 10_000, 60);
        var second = claims(FIRST_ID + 20_000, 60);
        stockLog.beginAll(first, Instant.now());
        jdbc.sql("ANALYZE TABLE stock_log").query().listOfRows();

        var firstMoved = new CountDownLatch(1);
        var firstMayCommit = new CountDownLatch(1);
        var placers = Executors.newFixedThreadPool(2);
        var firstBatch = CompletableFuture.supplyAsync(() -> new TransactionTemplate(transactions).execute(status -> {
            boolean moved = stockLog.markAllDone(first);
            firstMoved.countDown();
            awaitQuietly(firstMayCommit);
            return moved;
        }), placers);
        try {
            assertThat(firstMoved.await(30, TimeUnit.SECONDS)).as("the first batch moved its rows").isTrue();

            var secondBatch = CompletableFuture.supplyAsync(() -> {
                var begun = stockLog.beginAll(second, Instant.now());
                return begun.size() == second.size()
                        && new TransactionTemplate(transactions).execute(status -> stockLog.markAllDone(second));
            }, placers);

            assertThat(secondBatch.get(10, TimeUnit.SECONDS))
                    .as("the second batch recorded and moved all its rows while the first batch's transaction was open")
                    .isTrue();
        } finally {
            firstMayCommit.countDown();
            placers.shutdown();
        }
        assertThat(firstBatch.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stock_log WHERE item_id = ? AND status = 'DONE'").param(ITEM)
                .query(Long.class).single()).isEqualTo(3_000 + 60 + 60);
    }

    /**
     * Written as decided rows directly, not begun and moved by {@link StockLog}: rows moved just before the
     * test (their old INIT entries stay in the status index until InnoDB purges them) kept the optimizer on
     * the primary key, and the old statement then passed this test; written directly, it fails it.
     */
    private void insertDone(long firstId, int rows) {
        var at = Timestamp.from(Instant.now());
        for (long from = firstId; from < firstId + rows; from += 500) {
            int count = (int) Math.min(500, firstId + rows - from);
            var values = LongStream.range(from, from + count).boxed()
                    .<Object>mapMulti((id, sink) -> List.of(id, ITEM, 1L, id, 1, at, at).forEach(sink)).toList();
            jdbc.sql("INSERT INTO stock_log (order_id, item_id, promo_id, user_id, quantity, status, created_at, updated_at) "
                    + "VALUES " + SqlRows.values(count, "(?, ?, ?, ?, ?, 'DONE', ?, ?)")).params(values).update();
        }
    }

    private static List<StockClaim> claims(long firstId, int count) {
        return LongStream.range(firstId, firstId + count).mapToObj(id -> new StockClaim(id, ITEM, 1L, id, 1)).toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
