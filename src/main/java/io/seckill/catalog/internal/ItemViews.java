package io.seckill.catalog.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.seckill.catalog.Catalog;
import io.seckill.catalog.Item;
import io.seckill.catalog.Promo;
import io.seckill.platform.web.Money;
import io.seckill.stock.ItemStock;
import io.seckill.stock.StockLedger;

/**
 * Builds the catalogue's item view. During a sale {@code stock} is the live counter; {@code sales}
 * follows from it, because stock + sales stays the item's total whichever side has drained.
 */
@Component
class ItemViews {

    private final Catalog catalog;
    private final StockLedger ledger;
    private final LoadingCache<Long, Optional<ItemStock.Level>> levels;

    ItemViews(Catalog catalog, StockLedger ledger, ItemStock itemStock) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.levels = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1)).maximumSize(10_000)
                .build(itemStock::find);
    }

    Optional<ItemView> view(long itemId, Instant now) {
        return catalog.item(itemId).map(item -> view(item, now));
    }

    ItemView view(Item item, Instant now) {
        var level = levels.get(item.id()).orElse(new ItemStock.Level(0, 0));
        long stock = ledger.unitsLeft(item.id()).orElse(level.stock());
        long sales = Math.max(0, level.total() - stock);
        var promo = catalog.featuredPromo(item.id(), now).map(p -> PromoSummary.of(p, now)).orElse(null);
        return new ItemView(item.id(), item.title(), item.description(), item.imageUrl(), Money.format(item.price()),
                stock, sales, promo);
    }

    void forget(long itemId) {
        levels.invalidate(itemId);
    }

    record ItemView(long id, String title, String description, String imageUrl, String price, long stock, long sales,
            PromoSummary promo) {
    }

    record PromoSummary(long id, String title, String promoPrice, Instant startAt, Instant endAt, String status,
            int perUserLimit) {
        static PromoSummary of(Promo promo, Instant now) {
            return new PromoSummary(promo.id(), promo.title(), Money.format(promo.promoPrice()), promo.startAt(),
                    promo.endAt(), promo.status(now).name(), promo.perUserLimit());
        }
    }
}
