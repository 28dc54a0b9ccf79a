package io.seckill.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.seckill.bench.Engines.Database;
import io.seckill.bench.Engines.RedisAddress;

/**
 * The promise of a flash sale, read from MariaDB and Redis directly after a run: nothing oversold, no buyer
 * over the limit, no confirmed order lost, and the counter, the database stock and the orders agreeing once
 * the stock log has drained.
 */
public final class InvariantChecker {

    /** What can break. Each violation names exactly one. */
    public enum Kind {
        /** more units in live orders than the promo's initial stock */
        OVERSOLD,
        /** fewer units sold than min(stock, demand) although the buyers wanted more */
        UNDERSOLD,
        /** a buyer's live orders in the promo add up to more than its per-user limit */
        OVER_USER_LIMIT,
        /** a buyer holds more than one live (not CANCELLED) order in the promo */
        DUPLICATE_LIVE_ORDER,
        /** an order the client saw confirmed (201) is not in the database */
        CONFIRMED_ORDER_MISSING,
        /** Redis counter, database stock and initial stock minus sold do not agree */
        STOCK_MISMATCH,
        /** stock-log rows DONE but not yet applied to the database stock after the wait */
        NOT_DRAINED,
        /** stock-log rows still INIT after the wait */
        INIT_LEFT,
        /** the promo to check does not exist or was never published */
        NO_SUCH_PROMO
    }

    public record Violation(Kind kind, String detail) {
        @Override
        public String toString() {
            return kind + ": " + detail;
        }
    }

    /** An order a client saw answered with 201. */
    public record Confirmed(long orderId, long userId) {
    }

    /**
     * @param stock S, or 0 to take the promo's initial stock
     * @param demand units the buyers asked for in all, or 0 if unknown (then UNDERSOLD is not checked)
     * @param settle how long to wait for INIT rows to settle and DONE rows to be applied
     */
    public record Request(long promoId, int stock, long demand, List<Confirmed> confirmed, Duration settle) {
    }

    public record Result(long promoId, long itemId, int stock, int perUserLimit, long sold, long liveOrders,
            Long counter, Long dbStock, long initLeft, long notDrained, long waitedMillis, List<Violation> violations) {

        public boolean ok() {
            return violations.isEmpty();
        }

        public List<Kind> kinds() {
            return violations.stream().map(Violation::kind).toList();
        }
    }

    private static final int LISTED = 10;

    private final Database database;
    private final RedisAddress redis;

    public InvariantChecker(Database database, RedisAddress redis) {
        this.database = database;
        this.redis = redis;
    }

    public Result check(Request request) throws SQLException, InterruptedException {
        try (var db = database.connect()) {
            var promo = SaleRecords.promo(db, request.promoId());
            if (promo == null) {
                return new Result(request.promoId(), 0, 0, 0, 0, 0, null, null, 0, 0, 0, List.of(new Violation(
                        Kind.NO_SUCH_PROMO, "promo " + request.promoId() + " does not exist or was never published")));
            }
            long itemId = promo[0];
            int perUserLimit = (int) promo[1];
            int stock = request.stock() > 0 ? request.stock() : (int) promo[2];

            long started = System.nanoTime();
            long deadline = started + request.settle().toNanos();
            long initLeft;
            long notDrained;
            while (true) {
                initLeft = SaleRecords.count(db, "SELECT COUNT(*) FROM stock_log WHERE item_id = ? AND status = 'INIT'", itemId);
                notDrained = SaleRecords.count(db, "SELECT COUNT(*) FROM stock_log WHERE item_id = ? AND status = 'DONE' "
                        + "AND applied_to_db = FALSE", itemId);
                if ((initLeft == 0 && notDrained == 0) || System.nanoTime() >= deadline) {
                    break;
                }
                Thread.sleep(200);
            }
            long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();

            var violations = new ArrayList<Violation>();
            long[] soldAndOrders = SaleRecords.soldAndOrders(db, request.promoId());
            long sold = soldAndOrders[0];
            Long dbStock = SaleRecords.dbStock(db, itemId);
            Long counter = SaleRecords.counter(redis, itemId);

            if (sold > stock) {
                violations.add(new Violation(Kind.OVERSOLD, sold + " units in live orders, stock was " + stock));
            } else if (request.demand() > 0 && sold < Math.min(stock, request.demand())) {
                violations.add(new Violation(Kind.UNDERSOLD, sold + " units sold of " + stock + " although buyers asked for "
                        + request.demand()));
            }
            buyers(db, request.promoId(), perUserLimit, violations);
            missing(db, request, violations);
            // An oversold promo cannot also agree with S - sold (the database stock never goes below zero):
            // it is reported once, as OVERSOLD, and only the counter and the database are compared then.
            boolean agree = counter != null && counter.equals(dbStock) && (sold > stock || dbStock == stock - sold);
            if (!agree) {
                violations.add(new Violation(Kind.STOCK_MISMATCH, "counter stock:" + itemId + " = " + counter
                        + ", item_stock.stock = " + dbStock + ", initial stock - sold = " + stock + " - " + sold + " = "
                        + (stock - sold)));
            }
            if (notDrained > 0) {
                violations.add(new Violation(Kind.NOT_DRAINED, notDrained + " stock-log rows DONE but not applied to the "
                        + "database stock after " + waited + " ms"));
            }
            if (initLeft > 0) {
                violations.add(new Violation(Kind.INIT_LEFT, initLeft + " stock-log rows still INIT after " + waited + " ms"));
            }
            return new Result(request.promoId(), itemId, stock, perUserLimit, sold, soldAndOrders[1], counter, dbStock,
                    initLeft, notDrained, waited, List.copyOf(violations));
        }
    }

    private static void buyers(Connection db, long promoId, int limit, List<Violation> violations) throws SQLException {
        var overLimit = new ArrayList<String>();
        var duplicates = new ArrayList<String>();
        try (var query = db.prepareStatement("SELECT user_id, COUNT(*), SUM(quantity) FROM orders "
                + "WHERE promo_id = ? AND status <> 'CANCELLED' GROUP BY user_id HAVING COUNT(*) > 1 OR SUM(quantity) > ? "
                + "ORDER BY user_id")) {
            query.setLong(1, promoId);
            query.setInt(2, limit);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    if (rows.getLong(3) > limit) {
                        overLimit.add("user " + rows.getLong(1) + " holds " + rows.getLong(3) + " units");
                    }
                    if (rows.getLong(2) > 1) {
                        duplicates.add("user " + rows.getLong(1) + " holds " + rows.getLong(2) + " live orders");
                    }
                }
            }
        }
        if (!overLimit.isEmpty()) {
            violations.add(new Violation(Kind.OVER_USER_LIMIT, overLimit.size() + " buyers over the limit of " + limit
                    + ": " + listed(overLimit)));
        }
        if (!duplicates.isEmpty()) {
            violations.add(new Violation(Kind.DUPLICATE_LIVE_ORDER, duplicates.size() + " buyers with more than one live "
                    + "order: " + listed(duplicates)));
        }
    }

    private static void missing(Connection db, Request request, List<Violation> violations) throws SQLException {
        var missing = new ArrayList<String>();
        var confirmed = request.confirmed();
        for (int from = 0; from < confirmed.size(); from += 500) {
            var chunk = confirmed.subList(from, Math.min(confirmed.size(), from + 500));
            var found = new HashMap<Long, long[]>();
            var sql = "SELECT id, user_id, promo_id FROM orders WHERE id IN (" + "?,".repeat(chunk.size() - 1) + "?)";
            try (var query = db.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    query.setLong(i + 1, chunk.get(i).orderId());
                }
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getLong(1), new long[] {rows.getLong(2), rows.getLong(3)});
                    }
                }
            }
            for (var order : chunk) {
                var row = found.get(order.orderId());
                if (row == null) {
                    missing.add("order " + order.orderId() + " of user " + order.userId() + " not found");
                } else if (row[0] != order.userId() || row[1] != request.promoId()) {
                    missing.add("order " + order.orderId() + " belongs to user " + row[0] + " in promo " + row[1]
                            + ", the client saw user " + order.userId());
                }
            }
        }
        if (!missing.isEmpty()) {
            violations.add(new Violation(Kind.CONFIRMED_ORDER_MISSING, missing.size() + " of " + confirmed.size()
                    + " confirmed orders: " + listed(missing)));
        }
    }

    private static String listed(List<String> lines) {
        var shown = String.join("; ", lines.subList(0, Math.min(LISTED, lines.size())));
        return lines.size() > LISTED ? shown + "; ..." : shown;
    }

    static Map<String, Object> toJson(Result result) {
        var json = new java.util.LinkedHashMap<String, Object>();
        json.put("ok", result.ok());
        json.put("promoId", result.promoId());
        json.put("itemId", result.itemId());
        json.put("stock", result.stock());
        json.put("perUserLimit", result.perUserLimit());
        json.put("sold", result.sold());
        json.put("liveOrders", result.liveOrders());
        json.put("counter", result.counter());
        json.put("dbStock", result.dbStock());
        json.put("initLeft", result.initLeft());
        json.put("notDrained", result.notDrained());
        json.put("waitedMillis", result.waitedMillis());
        json.put("violations", result.violations().stream()
                .map(v -> Map.of("kind", v.kind().name(), "detail", v.detail())).toList());
        return json;
    }
}
