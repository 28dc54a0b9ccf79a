package io.seckill.stock;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The database's stock of each item: the system of record the counter is warmed from and drains into. */
@Component
public class ItemStock {

    private final JdbcClient jdbc;

    ItemStock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void create(long itemId, int units) {
        jdbc.sql("INSERT INTO item_stock (item_id, stock, sales) VALUES (?, ?, 0)").params(itemId, units).update();
    }

    public Optional<Level> find(long itemId) {
        return jdbc.sql("SELECT stock, sales FROM item_stock WHERE item_id = ?")
                .param(itemId)
                .query((rs, n) -> new Level(rs.getInt(1), rs.getInt(2)))
                .optional();
    }

    /** Units in the database and units sold; their sum only changes when an admin restocks. */
    public record Level(int stock, int sales) {
        public int total() {
            return stock + sales;
        }
    }
}
