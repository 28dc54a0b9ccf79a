package io.seckill.catalog;

import java.math.BigDecimal;
import java.time.Instant;

import io.seckill.platform.RehearsalIds;

/** A flash sale of one item at a special price, between {@code startAt} (inclusive) and {@code endAt}. */
public record Promo(long id, long itemId, String title, BigDecimal promoPrice, Instant startAt, Instant endAt,
        int perUserLimit, int paymentMinutes, boolean published, Integer initialStock) {

    /** A node's own rehearsal of a sale ({@link RehearsalIds}): known to that node only, never stored. */
    public boolean rehearsal() {
        return RehearsalIds.isRehearsal(id);
    }

    /** Real buyers see real promos; a rehearsal's buyers see only rehearsals. */
    public boolean visibleTo(long userId) {
        return rehearsal() == RehearsalIds.isRehearsal(userId);
    }

    public PromoStatus status(Instant now) {
        if (now.isBefore(startAt)) {
            return PromoStatus.UPCOMING;
        }
        return now.isBefore(endAt) ? PromoStatus.ACTIVE : PromoStatus.ENDED;
    }

    /** Buyers may act only on a published promo inside its time window. */
    public boolean isOpen(Instant now) {
        return published && status(now) == PromoStatus.ACTIVE;
    }

    /** The most tokens the gate may ever issue: a few buyers per unit get a chance, the rest are turned away early. */
    public long gateSize(int gateFactor) {
        return (long) gateFactor * (initialStock == null ? 0 : initialStock);
    }
}
