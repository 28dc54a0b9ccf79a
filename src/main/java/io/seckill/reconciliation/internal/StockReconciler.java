package io.seckill.reconciliation.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.catalog.Catalog;
import io.seckill.order.OrderProperties;
import io.seckill.order.OrderStatistics;
import io.seckill.reconciliation.ConsistencyReport;
import io.seckill.reconciliation.ConsistencyReport.ItemConsistency;
import io.seckill.stock.ItemStock;
import io.seckill.stock.StockCounterMissingException;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockRecovery;
import io.seckill.stock.StockLog;
import io.seckill.stock.StockSettlement;
import io.seckill.catalog.Promo;

/**
 * The books of every item, kept straight in the background on every node: settles stock-log rows
 * left INIT (the broker gives up asking after a while; this does not), gives the counter units it did
 * not get back, rebuilds a counter Redis lost, and reports what still does not add up (WARN log,
 * metric, /api/admin/consistency). It repairs only what is safe without stopping the sale.
 */
@Component
class StockReconciler {

    private static final Logger log = LoggerFactory.getLogger(StockReconciler.class);
    private static final int BATCH = 500;
    private static final Duration RELEASE_GRACE = Duration.ofSeconds(2);
    /** A transfer between buckets takes two Redis calls: one still unfinished after this, its node died halfway. */
    private static final Duration TRANSFER_GRACE = Duration.ofSeconds(5);

    private final StockSettlement settlement;
    private final StockLog stockLog;
    private final StockLedger ledger;
    private final StockRecovery recovery;
    private final ItemStock itemStock;
    private final OrderStatistics orders;
    private final Catalog catalog;
    private final OrderProperties orderProperties;
    private final TransactionTemplate snapshot;
    private final AtomicInteger problems = new AtomicInteger();
    /** Stock-log rows found still INIT past the grace at the last run: settled then, but none should be. */
    private final AtomicInteger staleInit = new AtomicInteger();

    StockReconciler(StockSettlement settlement, StockLog stockLog, StockLedger ledger, StockRecovery recovery,
            ItemStock itemStock,
            OrderStatistics orders, Catalog catalog, OrderProperties orderProperties, MeterRegistry meters,
            PlatformTransactionManager transactions) {
        this.settlement = settlement;
        this.stockLog = stockLog;
        this.ledger = ledger;
        this.recovery = recovery;
        this.itemStock = itemStock;
        this.orders = orders;
        this.catalog = catalog;
        this.orderProperties = orderProperties;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        meters.gauge("seckill.consistency.problems", problems);
        meters.gauge("seckill.stock.log.stale", staleInit);
    }

    @Scheduled(fixedDelayString = "${seckill.reconciliation.interval:5s}", initialDelayString = "${seckill.reconciliation.interval:5s}")
    void reconcile() {
        try {
            settleStuckWork();
            var report = check();
            problems.set(report.items().stream().mapToInt(item -> item.problems().size()).sum());
            report.items().stream().filter(item -> !item.problems().isEmpty() && item.pendingStockLogs() == 0)
                    .forEach(item -> log.warn("Item {} does not add up: {}", item.itemId(), item.problems()));
        } catch (RuntimeException e) {
            log.warn("Reconciliation failed; the next run retries", e);
        }
    }

    void settleStuckWork() {
        var stale = stockLog.staleInit(Instant.now().minus(orderProperties.pendingGrace()), BATCH);
        staleInit.set(stale.size());
        for (var claim : stale) {
            settlement.settleStale(claim);
        }
        for (var claim : stockLog.unreleased(Instant.now().minus(RELEASE_GRACE), BATCH)) {
            try {
                if (settlement.releaseCounter(claim)) {
                    log.warn("Order {}: its units had not reached the counter; returned now", claim.orderId());
                }
            } catch (StockCounterMissingException lost) {
                if (catalog.publishedPromosOf(claim.itemId()).isEmpty()) {
                    // no sale to rebuild the counter for: the database holds the units, and publishing a
                    // promo warms the counter from it
                    stockLog.markCounterReleased(claim.orderId());
                }
            } catch (TransientDataAccessException notYet) {
                log.warn("Order {}: units not returned yet ({}); the next run tries again", claim.orderId(),
                        notYet.getMessage());
            }
        }
        for (long itemId : itemStock.itemIds()) {
            var promos = catalog.publishedPromosOf(itemId);
            if (!promos.isEmpty()) {
                recovery.finishStaleTransfers(itemId, TRANSFER_GRACE);
            }
            if (!promos.isEmpty() && ledger.counterNow(itemId).isEmpty() && stockLog.initCount(itemId) == 0) {
                rebuildCounter(itemId, promos);
            }
        }
    }

    private void rebuildCounter(long itemId, List<Promo> promos) {
        // One snapshot for every read: a deduction applied or an order cancelled between two of them
        // would otherwise count its units twice or not at all.
        var books = snapshot.execute(status -> {
            var level = itemStock.find(itemId).orElseThrow();
            long units = level.stock() - stockLog.unappliedUnits(itemId);
            Map<Long, Map<Long, Long>> buyers = new HashMap<>();
            promos.forEach(promo -> buyers.put(promo.id(), orders.liveBuyers(promo.id())));
            return new CounterBooks(units, buyers);
        });
        if (recovery.rebuild(itemId, books.units(), books.buyersByPromo())) {
            log.warn("Item {}: the stock counter was missing (Redis lost it?); rebuilt from the database at {}",
                    itemId, books.units());
        }
    }

    private record CounterBooks(long units, Map<Long, Map<Long, Long>> buyersByPromo) {
    }

    ConsistencyReport check() {
        var items = new ArrayList<ItemConsistency>();
        for (long itemId : itemStock.itemIds()) {
            items.add(checkItem(itemId));
        }
        boolean consistent = items.stream().allMatch(item -> item.problems().isEmpty());
        return new ConsistencyReport(consistent, items);
    }

    private ItemConsistency checkItem(long itemId) {
        long initial = itemStock.initial(itemId);
        long dbStock = itemStock.find(itemId).map(ItemStock.Level::stock).orElse(0);
        var counter = ledger.counterNow(itemId);
        long live = orders.liveUnitsOfItem(itemId);
        long pending = stockLog.pendingCount(itemId);
        var found = new ArrayList<String>();
        if (pending > 0) {
            found.add(pending + " stock-log rows still pending");
        } else {
            if (counter.isPresent() && counter.getAsLong() != dbStock) {
                found.add("counter " + counter.getAsLong() + " != database stock " + dbStock);
            }
            if (dbStock != initial - live) {
                found.add("database stock " + dbStock + " != initial " + initial + " - live order units " + live);
            }
        }
        if (counter.isEmpty() && !catalog.publishedPromosOf(itemId).isEmpty()) {
            found.add("counter missing; rebuilt once no row is INIT");
        }
        return new ItemConsistency(itemId, initial, counter.isPresent() ? counter.getAsLong() : null, dbStock, live,
                pending, found);
    }
}
