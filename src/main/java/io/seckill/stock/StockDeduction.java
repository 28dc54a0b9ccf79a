package io.seckill.stock;

/** The message an order's transaction commits: "take these units off the database stock". */
public record StockDeduction(long orderId, long itemId, long promoId, long userId, int quantity) {

    public static StockDeduction of(StockClaim claim) {
        return new StockDeduction(claim.orderId(), claim.itemId(), claim.promoId(), claim.userId(), claim.quantity());
    }
}
