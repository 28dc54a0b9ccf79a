package io.seckill.support;

import java.util.ArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.seckill.stock.StockKeys;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPools;

/**
 * Base of the tests that run the whole application on a random port against real engines (MariaDB,
 * Redis, RocketMQ). All of them share one Spring context, so the engines start once per run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({CleanSlate.class, TestProbe.class})
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected StringRedisTemplate redis;

    @Autowired
    protected StockLedger ledger;

    @Autowired
    protected StockPools pools;

    protected Api api;
    protected Shop shop;

    @BeforeEach
    void connect() {
        api = new Api(port);
        shop = new Shop(api);
    }

    @AfterEach
    void disarmProbe() {
        TestProbe.reset();
    }

    protected long dbStock(long itemId) {
        return jdbc.sql("SELECT stock FROM item_stock WHERE item_id = ?").param(itemId).query(Long.class).single();
    }

    protected long counter(long itemId) {
        return ledger.counterNow(itemId).orElseThrow();
    }

    /** Whether the buyer holds a reservation in the promo, as their home bucket's buyers say. */
    protected boolean holdsReservation(long itemId, long promoId, long userId) {
        return redis.opsForHash().hasKey(StockKeys.buyers(pools.homeTag(itemId, userId), promoId), Long.toString(userId));
    }

    /** What a Redis that restarted empty would have lost of the item's stock: every bucket's counter and buyers. */
    protected void loseStockCounters(long itemId, long promoId) {
        var keys = new ArrayList<String>();
        for (var tag : pools.tags(itemId)) {
            keys.add(StockKeys.counter(tag));
            keys.add(StockKeys.buyers(tag, promoId));
        }
        redis.delete(keys);
    }

    /**
     * Puts the item's stock back in Redis as one bucket, whatever {@code seckill.stock.buckets} says: for the
     * tests of what holds within one bucket (the order of a batch).
     */
    protected void keepInOneBucket(long itemId, long promoId, long units) {
        loseStockCounters(itemId, promoId);
        splitStock(itemId, 1, units);
    }

    /** Puts the item's stock in Redis split over {@code buckets}, whatever {@code seckill.stock.buckets} says. */
    protected void splitStock(long itemId, int buckets, long units) {
        redis.opsForValue().set(StockKeys.layout(itemId), String.join(",", StockPools.spread(itemId, buckets)));
        ledger.warm(itemId, units);
    }

    protected long liveOrderUnits(long promoId) {
        return jdbc.sql("SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE promo_id = ? AND status <> 'CANCELLED'")
                .param(promoId).query(Long.class).single();
    }

    protected long stockLogCount(long itemId, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_log WHERE item_id = ? AND status = ?").params(itemId, status)
                .query(Long.class).single();
    }

    protected long pendingDeductions(long itemId) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_log WHERE item_id = ? AND status = 'DONE' AND applied_to_db = FALSE")
                .param(itemId).query(Long.class).single();
    }
}
