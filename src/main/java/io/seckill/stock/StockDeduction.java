package io.seckill.stock;

import java.util.Arrays;
import java.util.List;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an order's transaction commits: "take these units off the database stock". A message carries
 * the deductions of one batch of orders as a JSON array.
 */
public record StockDeduction(long orderId, long itemId, long promoId, long userId, int quantity) {

    public static StockDeduction of(StockClaim claim) {
        return new StockDeduction(claim.orderId(), claim.itemId(), claim.promoId(), claim.userId(), claim.quantity());
    }

    public StockClaim claim() {
        return new StockClaim(orderId, itemId, promoId, userId, quantity);
    }

    /** The body of a message for a batch of claims. */
    public static byte[] message(JsonMapper json, List<StockClaim> claims) {
        return json.writeValueAsBytes(claims.stream().map(StockDeduction::of).toList());
    }

    /** The deductions of a message; a single object (as messages were before batching) is read as a batch of one. */
    public static List<StockDeduction> read(JsonMapper json, byte[] body) {
        StockDeduction[] deductions = json.readerFor(StockDeduction[].class)
                .with(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY).readValue(body);
        return Arrays.asList(deductions);
    }
}
