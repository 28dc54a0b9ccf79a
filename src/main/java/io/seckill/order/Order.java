package io.seckill.order;

import java.math.BigDecimal;
import java.time.Instant;

/** A confirmed purchase. Once its row exists it is durable: the 201 is only sent after that. */
public record Order(long id, long userId, long itemId, long promoId, int quantity, BigDecimal unitPrice,
        BigDecimal total, OrderStatus status, Instant createdAt, Instant payBy) {
}
