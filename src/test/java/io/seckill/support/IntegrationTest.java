package io.seckill.support;

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
        return Long.parseLong(redis.opsForValue().get(StockKeys.counter(itemId)));
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
