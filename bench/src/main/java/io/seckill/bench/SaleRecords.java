package io.seckill.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.seckill.bench.Engines.RedisAddress;

/** What a sale left in MariaDB and Redis, read directly (the application's tables and keys), for the checks. */
final class SaleRecords {

    private SaleRecords() {
    }

    /** item id, per-user limit, initial stock; null if there is no published promo. */
    static long[] promo(Connection db, long promoId) throws SQLException {
        try (var query = db.prepareStatement("SELECT item_id, per_user_limit, initial_stock FROM promo WHERE id = ?")) {
            query.setLong(1, promoId);
            try (var rows = query.executeQuery()) {
                if (!rows.next() || rows.getObject(3) == null) {
                    return null;
                }
                return new long[] {rows.getLong(1), rows.getInt(2), rows.getInt(3)};
            }
        }
    }

    static long[] soldAndOrders(Connection db, long promoId) throws SQLException {
        try (var query = db.prepareStatement("SELECT COALESCE(SUM(quantity), 0), COUNT(*) FROM orders "
                + "WHERE promo_id = ? AND status <> 'CANCELLED'")) {
            query.setLong(1, promoId);
            try (var rows = query.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }

    static Long dbStock(Connection db, long itemId) throws SQLException {
        try (var query = db.prepareStatement("SELECT stock FROM item_stock WHERE item_id = ?")) {
            query.setLong(1, itemId);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    static Long counter(RedisAddress redis, long itemId) {
        // The application's keys (StockKeys): the item's stock split over buckets, each counter under its
        // bucket's hash tag; the tags are written beside the first bucket (absent: one bucket).
        try (var jedis = redis.open()) {
            var layout = jedis.get("stock-buckets:{item:" + itemId + "}");
            var tags = layout == null ? List.of("{item:" + itemId + "}") : List.of(layout.split(","));
            long units = 0;
            for (var tag : tags) {
                var value = jedis.get("stock:" + tag);
                if (value == null) {
                    return null;
                }
                units += Long.parseLong(value);
            }
            return units;
        }
    }

    static long count(Connection db, String sql, long id) throws SQLException {
        try (var query = db.prepareStatement(sql)) {
            query.setLong(1, id);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
