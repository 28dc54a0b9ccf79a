package io.seckill.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.stock.StockClaim;
import io.seckill.stock.StockDeduction;
import io.seckill.support.IntegrationTest;
import io.seckill.support.TestProbe;
import tools.jackson.databind.json.JsonMapper;

/**
 * What happens to units taken from the counter when the order's local transaction does not end
 * normally. In every case each unit ends up either in an order or back in the counter, exactly once.
 */
class LocalTransactionTests extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    JsonMapper json;

    @Value("${seckill.rocketmq.name-server}")
    String nameServer;

    @Value("${seckill.rocketmq.order-topic}")
    String orderTopic;

    @Test
    void aFailureAfterTheDeductionReturnsTheUnitsAndRollsTheLogBack() {
        var sale = shop.openSale(10);
        var buyer = shop.buyer();
        TestProbe.afterReservation(buyer.id(), claim -> {
            throw new IllegalStateException("injected failure after the counter was deducted");
        });

        var answer = shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId()));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.code()).isEqualTo("BUSY");
        assertThat(counter(sale.itemId())).isEqualTo(10);
        assertThat(stockLogCount(sale.itemId(), "ROLLED_BACK")).isEqualTo(1);
        assertThat(liveOrderUnits(sale.promoId())).isZero();
        assertThat(holdsReservation(sale.itemId(), sale.promoId(), buyer.id())).isFalse();

        TestProbe.reset();
        var retry = shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId()));
        assertThat(retry.status()).as("the buyer may try again").isEqualTo(201);
    }

    @Test
    void anUnknownOutcomeIsResolvedByTheCheckBackFromTheStockLog() {
        var sale = shop.openSale(10);
        var buyer = shop.buyer();
        TestProbe.reportUnknown(buyer.id());

        var answer = shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId()));

        assertThat(answer.status()).as("the order row exists, so the buyer is told so").isEqualTo(201);
        assertThat(dbStock(sale.itemId())).as("the broker holds the message until it checks back").isEqualTo(10);
        await().atMost(Duration.ofSeconds(60)).until(() -> dbStock(sale.itemId()) == 9);
        assertThat(counter(sale.itemId())).isEqualTo(9);
        assertThat(stockLogCount(sale.itemId(), "DONE")).isEqualTo(1);
    }

    @Test
    void aTransactionHungAfterTheDeductionIsRolledBackByTheCheckBackAndItsUnitsReturnedOnce() {
        var sale = shop.openSale(10);
        var buyer = shop.buyer();
        TestProbe.afterReservation(buyer.id(), claim -> await().atMost(Duration.ofSeconds(60))
                .until(() -> "ROLLED_BACK".equals(jdbc.sql("SELECT status FROM stock_log WHERE order_id = ?")
                        .param(claim.orderId()).query(String.class).single())));

        var answer = shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId()));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(counter(sale.itemId())).as("released by the check-back, not again by the woken transaction")
                .isEqualTo(10);
        assertThat(liveOrderUnits(sale.promoId())).isZero();
        assertThat(dbStock(sale.itemId())).isEqualTo(10);
        assertThat(stockLogCount(sale.itemId(), "INIT")).isZero();
    }

    @Test
    void aRedeliveredDeductionDoesNotDecrementTheDatabaseTwice() throws Exception {
        var sale = shop.openSale(10);
        var buyer = shop.buyer();
        var order = shop.order(buyer, sale.promoId(), 1, shop.token(buyer, sale.promoId()));
        assertThat(order.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> dbStock(sale.itemId()) == 9);
        double duplicatesBefore = duplicates();

        var producer = new DefaultMQProducer("redelivery-test-" + System.nanoTime());
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("redelivery-" + System.nanoTime());
        producer.start();
        try {
            var again = new StockClaim(order.json().get("id").asLong(), sale.itemId(), sale.promoId(), buyer.id(), 1);
            var sent = producer.send(new Message(orderTopic, null, Long.toString(again.orderId()),
                    StockDeduction.message(json, List.of(again))));
            assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        } finally {
            producer.shutdown();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> duplicates() > duplicatesBefore);
        assertThat(dbStock(sale.itemId())).isEqualTo(9);
    }

    private double duplicates() {
        var counter = meters.find("seckill.stock.deductions").tag("result", "skipped").counter();
        return counter == null ? 0 : counter.count();
    }
}
