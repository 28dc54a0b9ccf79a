package io.seckill.catalog;

public enum PromoStatus {
    UPCOMING, ACTIVE, ENDED
}
