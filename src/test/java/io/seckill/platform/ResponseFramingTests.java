package io.seckill.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.seckill.support.Api;
import io.seckill.support.IntegrationTest;

/** A small answer goes out whole, with its length, instead of chunked in two writes. */
class ResponseFramingTests extends IntegrationTest {

    @Test
    void smallJsonAnswersAndProblemsCarryTheirLengthAndAreNotChunked() {
        var sale = shop.openSale(3);
        var buyer = shop.buyer();
        for (var answer : new Api.Response[] {api.get("/api/items/" + sale.itemId(), null),
                api.get("/api/users/me", buyer.session()), api.get("/api/users/me", null),
                api.get("/api/no/such/path", null)}) {
            assertThat(answer.header("Transfer-Encoding")).as(answer.toString()).isNull();
            assertThat(Integer.parseInt(answer.header("Content-Length"))).as(answer.toString())
                    .isEqualTo(answer.body().getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void anAnswerLargerThanTheBufferIsStillSentWhole() {
        var metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body().length()).isGreaterThan(8 * 1024);
        assertThat(metrics.body()).contains("seckill_orders_placed_total");
    }
}
