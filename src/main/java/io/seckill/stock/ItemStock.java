package io.seckill.stock;

import java.util.List;
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
        jdbc.sql("INSERT INTO item_stock (item_id, stock, sales, initial) VALUES (?, ?, 0, ?)").params(itemId, units, units)
                .update();
    }

    public Optional<Level> find(long itemId) {
        return jdbc.sql("SELECT stock, sales FROM item_stock WHERE item_id = ?")
                .param(itemId)
                .query((rs, n) -> new Level(rs.getInt(1), rs.getInt(2)))
                .optional();
    }

    /** The stock the item was created with. */
    public int initial(long itemId) {
        return jdbc.sql("SELECT initial FROM item_stock WHERE item_id = ?").param(itemId).query(Integer.class).single();
    }

    public List<Long> itemIds() {
        return jdbc.sql("SELECT item_id FROM item_stock ORDER BY item_id").query(Long.class).list();
    }

    /** Units of a cancelled order back into the database stock, inside the caller's transaction. */
    void giveBack(long itemId, int units) {
        jdbc.sql("UPDATE item_stock SET stock = stock + ?, sales = sales - ? WHERE item_id = ?")
                .params(units, units, itemId).update();
    }

    /** Units in the database and units sold; their sum only changes when an admin restocks. */
    public record Level(int stock, int sales) {
        public int total() {
            return stock + sales;
        }
    }
}
