package io.seckill.order.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.seckill.order.Order;
import io.seckill.order.OrderStatistics;
import io.seckill.order.OrderStatus;
import io.seckill.platform.jdbc.SqlRows;
import java.util.HashMap;

/** Orders in the database. */
@Component
class OrderStore implements OrderStatistics {

    private static final String COLUMNS = "id, user_id, item_id, promo_id, quantity, unit_price, total, status, "
            + "created_at, pay_by";

    private final JdbcClient jdbc;

    OrderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes a batch of orders in one statement: all of them, or none if any is refused by a constraint. */
    void insertAll(List<Order> batch) {
        var values = new ArrayList<>(batch.size() * 10);
        for (var order : batch) {
            values.addAll(List.of(order.id(), order.userId(), order.itemId(), order.promoId(), order.quantity(),
                    order.unitPrice(), order.total(), order.status().name(), Timestamp.from(order.createdAt()),
                    Timestamp.from(order.payBy())));
        }
        jdbc.sql("INSERT INTO orders (" + COLUMNS + ") VALUES " + SqlRows.values(batch.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
                .params(values).update();
    }

    Optional<Order> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = ?").param(id).query(OrderStore::order).optional();
    }

    List<Order> ofUser(long userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE user_id = ? ORDER BY id DESC LIMIT 1000")
                .param(userId).query(OrderStore::order).list();
    }

    /** UNPAID -> PAID while the pay-by time has not passed; false if the order was not payable. */
    boolean markPaid(long id, Instant now) {
        return jdbc.sql("UPDATE orders SET status = 'PAID' WHERE id = ? AND status = 'UNPAID' AND pay_by > ?")
                .params(id, Timestamp.from(now)).update() == 1;
    }

    /** UNPAID -> CANCELLED; exactly one of all concurrent callers gets true. */
    boolean markCancelled(long id) {
        return jdbc.sql("UPDATE orders SET status = 'CANCELLED' WHERE id = ? AND status = 'UNPAID'").param(id).update() == 1;
    }

    /** UNPAID orders whose pay-by time has passed, oldest first. */
    List<Order> overdue(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE status = 'UNPAID' AND pay_by <= ? ORDER BY pay_by LIMIT ?")
                .params(Timestamp.from(now), limit).query(OrderStore::order).list();
    }

    @Override
    public Map<Long, Long> liveBuyers(long promoId) {
        var buyers = new HashMap<Long, Long>();
        jdbc.sql("SELECT user_id, id FROM orders WHERE promo_id = ? AND status <> 'CANCELLED'").param(promoId)
                .query(rs -> {
                    buyers.put(rs.getLong(1), rs.getLong(2));
                });
        return buyers;
    }

    @Override
    public long liveUnitsOfItem(long itemId) {
        return jdbc.sql("SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE item_id = ? AND status <> 'CANCELLED'")
                .param(itemId).query(Long.class).single();
    }

    @Override
    public Map<OrderStatus, Long> countsByStatus(long promoId) {
        var counts = new EnumMap<OrderStatus, Long>(OrderStatus.class);
        for (var status : OrderStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("SELECT status, COUNT(*) FROM orders WHERE promo_id = ? GROUP BY status").param(promoId)
                .query(rs -> {
                    counts.put(OrderStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    @Override
    public long liveUnits(long promoId) {
        return jdbc.sql("SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE promo_id = ? AND status <> 'CANCELLED'")
                .param(promoId).query(Long.class).single();
    }

    private static Order order(ResultSet rs, int row) throws SQLException {
        return new Order(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getInt(5), rs.getBigDecimal(6),
                rs.getBigDecimal(7), OrderStatus.valueOf(rs.getString(8)), rs.getTimestamp(9).toInstant(),
                rs.getTimestamp(10).toInstant());
    }
}
