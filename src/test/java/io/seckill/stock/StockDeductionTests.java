package io.seckill.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** A message carries a batch of deductions; one written before batching (a single object) still reads. */
class StockDeductionTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aBatchReadsBackAsItsDeductionsInOrder() {
        var claims = List.of(new StockClaim(7, 1, 2, 30, 1), new StockClaim(8, 1, 2, 31, 2));

        var read = StockDeduction.read(json, StockDeduction.message(json, claims));

        assertThat(read).extracting(StockDeduction::claim).containsExactlyElementsOf(claims);
    }

    @Test
    void aMessageOfThePreviousReleaseReadsAsABatchOfOne() {
        var body = "{\"orderId\":7,\"itemId\":1,\"promoId\":2,\"userId\":30,\"quantity\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(StockDeduction.read(json, body)).containsExactly(new StockDeduction(7, 1, 2, 30, 1));
    }
}
