package io.seckill.catalog.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import io.seckill.catalog.Catalog;
import io.seckill.catalog.Item;
import io.seckill.catalog.Promo;

/** Items and promos in the database. */
@Component
class CatalogStore implements Catalog.CatalogReads {

    private static final String PROMO_COLUMNS = "id, item_id, title, promo_price, start_at, end_at, per_user_limit, "
            + "payment_minutes, published, initial_stock";

    private final JdbcClient jdbc;

    CatalogStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insertItem(String title, String description, String imageUrl, BigDecimal price) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO item (title, description, image_url, price, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(title, description, imageUrl, price, Timestamp.from(Instant.now()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    @Override
    public Optional<Item> item(long id) {
        return jdbc.sql("SELECT id, title, description, image_url, price FROM item WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Item(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5)))
                .optional();
    }

    /** Locks the item row so that two admins cannot create overlapping promos for it at once. */
    boolean lockItem(long id) {
        return jdbc.sql("SELECT id FROM item WHERE id = ? FOR UPDATE").param(id).query(Long.class).optional().isPresent();
    }

    @Override
    public List<Long> itemIds() {
        return jdbc.sql("SELECT id FROM item ORDER BY id").query(Long.class).list();
    }

    boolean overlaps(long itemId, Instant startAt, Instant endAt) {
        return jdbc.sql("SELECT COUNT(*) FROM promo WHERE item_id = ? AND start_at < ? AND end_at > ?")
                .params(itemId, Timestamp.from(endAt), Timestamp.from(startAt))
                .query(Long.class).single() > 0;
    }

    long insertPromo(long itemId, String title, BigDecimal promoPrice, Instant startAt, Instant endAt,
            int perUserLimit, int paymentMinutes) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO promo (item_id, title, promo_price, start_at, end_at, per_user_limit, payment_minutes,
                                   published, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, ?)""")
                .params(itemId, title, promoPrice, Timestamp.from(startAt), Timestamp.from(endAt), perUserLimit,
                        paymentMinutes, Timestamp.from(Instant.now()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    @Override
    public Optional<Promo> promo(long id) {
        return jdbc.sql("SELECT " + PROMO_COLUMNS + " FROM promo WHERE id = ?").param(id)
                .query(CatalogStore::promo).optional();
    }

    @Override
    public List<Promo> publishedPromosOf(long itemId) {
        return jdbc.sql("SELECT " + PROMO_COLUMNS + " FROM promo WHERE item_id = ? AND published = TRUE ORDER BY start_at")
                .param(itemId).query(CatalogStore::promo).list();
    }

    List<Promo> promosNewestFirst(int limit) {
        return jdbc.sql("SELECT " + PROMO_COLUMNS + " FROM promo ORDER BY id DESC LIMIT ?").param(limit)
                .query(CatalogStore::promo).list();
    }

    /** First publication only: records the stock the promo starts with. */
    void markPublished(long promoId, int initialStock) {
        jdbc.sql("UPDATE promo SET published = TRUE, initial_stock = ? WHERE id = ? AND published = FALSE")
                .params(initialStock, promoId).update();
    }

    private static Promo promo(ResultSet rs, int row) throws SQLException {
        int initial = rs.getInt(10);
        return new Promo(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4),
                rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getInt(7), rs.getInt(8),
                rs.getBoolean(9), rs.wasNull() ? null : initial);
    }
}
