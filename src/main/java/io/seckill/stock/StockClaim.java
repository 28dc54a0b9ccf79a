package io.seckill.stock;

/** Units of one item claimed for one order: the unit of everything the stock ledger does. */
public record StockClaim(long orderId, long itemId, long promoId, long userId, int quantity) {
}
