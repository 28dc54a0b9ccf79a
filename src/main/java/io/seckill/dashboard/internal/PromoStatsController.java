package io.seckill.dashboard.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.seckill.catalog.Catalog;
import io.seckill.gate.GateProperties;
import io.seckill.gate.PromoGate;
import io.seckill.order.OrderStatistics;
import io.seckill.order.OrderStatus;
import io.seckill.platform.metrics.RejectionTally;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.stock.ItemStock;
import io.seckill.stock.StockLedger;
import io.seckill.user.AdminUser;
import io.seckill.platform.web.Problems;

/** How a sale is going, for the admin's live dashboard. */
@RestController
class PromoStatsController {

    private final Catalog catalog;
    private final StockLedger ledger;
    private final ItemStock itemStock;
    private final OrderStatistics orders;
    private final PromoGate gate;
    private final GateProperties gateProperties;
    private final RejectionTally rejections;
    private final StepLatencies latencies;

    PromoStatsController(Catalog catalog, StockLedger ledger, ItemStock itemStock, OrderStatistics orders,
            PromoGate gate, GateProperties gateProperties, RejectionTally rejections, StepLatencies latencies) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.itemStock = itemStock;
        this.orders = orders;
        this.gate = gate;
        this.gateProperties = gateProperties;
        this.rejections = rejections;
        this.latencies = latencies;
    }

    @GetMapping("/api/admin/promos/{id}/stats")
    @Problems({ProblemCode.NOT_FOUND})
    PromoStats stats(AdminUser admin, @PathVariable long id) {
        var promo = catalog.promo(id)
                .orElseThrow(() -> Rejection.of(ProblemCode.NOT_FOUND, "No promo " + id).toException());
        var counts = orders.countsByStatus(id);
        long remaining = ledger.counterNow(promo.itemId())
                .orElseGet(() -> itemStock.find(promo.itemId()).map(ItemStock.Level::stock).orElse(0));
        int initial = promo.initialStock() == null ? 0 : promo.initialStock();
        return new PromoStats(initial, remaining, orders.liveUnits(id), counts.get(OrderStatus.UNPAID),
                counts.get(OrderStatus.PAID), counts.get(OrderStatus.CANCELLED),
                gate.tokensIssued(promo, promo.gateSize(gateProperties.factor())), new TreeMap<>(rejections.totals(id)),
                latencies.clusterWide());
    }

    /**
     * A sale's figures now; {@code rejected} counts since the sale began, {@code steps} are the last seconds
     * of the buying steps on every node (epoch second, requests added up; p50 and p99 of the slowest node, in
     * milliseconds), seconds without a request left out.
     */
    record PromoStats(int initialStock, long remaining, long sold, long ordersUnpaid, long ordersPaid,
            long ordersCancelled, long tokensIssued, Map<String, Long> rejected, Map<String, List<StepLatencies.StepSecond>> steps) {
    }
}
