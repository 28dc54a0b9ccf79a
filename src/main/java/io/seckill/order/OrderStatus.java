package io.seckill.order;

public enum OrderStatus {
    UNPAID, PAID, CANCELLED
}
