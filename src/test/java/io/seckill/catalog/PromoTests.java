package io.seckill.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PromoTests {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-25T11:00:00Z");

    @Test
    void aPromoIsUpcomingBeforeItsStartActiveFromItsStartAndEndedFromItsEnd() {
        var promo = promo(true, 100);
        assertThat(promo.status(START.minusMillis(1))).isEqualTo(PromoStatus.UPCOMING);
        assertThat(promo.status(START)).isEqualTo(PromoStatus.ACTIVE);
        assertThat(promo.status(END.minusMillis(1))).isEqualTo(PromoStatus.ACTIVE);
        assertThat(promo.status(END)).isEqualTo(PromoStatus.ENDED);
    }

    @Test
    void onlyAPublishedPromoInsideItsWindowIsOpenToBuyers() {
        assertThat(promo(true, 100).isOpen(START)).isTrue();
        assertThat(promo(false, 100).isOpen(START)).isFalse();
        assertThat(promo(true, 100).isOpen(END)).isFalse();
    }

    @Test
    void theGateIsFactorTimesTheStockAtPublication() {
        assertThat(promo(true, 100).gateSize(5)).isEqualTo(500);
        assertThat(promo(false, null).gateSize(5)).as("not published: no tokens").isZero();
    }

    private static Promo promo(boolean published, Integer initialStock) {
        return new Promo(1, 1, "sale", new BigDecimal("9.90"), START, END, 1, 15, published, initialStock);
    }
}
