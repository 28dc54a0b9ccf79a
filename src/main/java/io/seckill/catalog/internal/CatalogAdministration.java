package io.seckill.catalog.internal;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.seckill.catalog.Catalog;
import io.seckill.catalog.Item;
import io.seckill.catalog.Promo;
import io.seckill.platform.web.Money;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.stock.ItemStock;
import io.seckill.stock.StockLedger;
import java.time.Instant;
import java.util.List;

/**
 * The admin side of the catalogue; every change ends with the caches of all nodes forgetting it and the
 * edge's micro-cache holding the new answers.
 */
@Component
class CatalogAdministration {

    /** The admin pages list this many promos at most: enough for any real shop's active planning. */
    static final int MAX_LISTED = 500;

    private final CatalogStore store;
    private final Catalog catalog;
    private final ItemStock itemStock;
    private final StockLedger ledger;
    private final ItemViews views;
    private final StaticItemPages pages;
    private final EdgeCacheRefresh edge;

    CatalogAdministration(CatalogStore store, Catalog catalog, ItemStock itemStock, StockLedger ledger,
            ItemViews views, StaticItemPages pages, EdgeCacheRefresh edge) {
        this.store = store;
        this.catalog = catalog;
        this.itemStock = itemStock;
        this.ledger = ledger;
        this.views = views;
        this.pages = pages;
        this.edge = edge;
    }

    @Transactional
    public Item createItem(String title, String description, String imageUrl, BigDecimal price, int stock) {
        long id = store.insertItem(title, description, imageUrl, price);
        itemStock.create(id, stock);
        afterCommit(() -> {
            catalog.itemChanged(id);
            edge.itemChanged(id);
        });
        return new Item(id, title, description, imageUrl, price);
    }

    @Transactional
    public Promo createPromo(AdminCatalogController.NewPromo request) {
        var startAt = request.startAt().truncatedTo(ChronoUnit.MILLIS);
        var endAt = request.endAt().truncatedTo(ChronoUnit.MILLIS);
        if (!endAt.isAfter(startAt)) {
            throw invalid("endAt", "must be after startAt");
        }
        if (!store.lockItem(request.itemId())) {
            throw invalid("itemId", "no such item");
        }
        if (store.overlaps(request.itemId(), startAt, endAt)) {
            throw Rejection.of(ProblemCode.CONFLICT, "Another promo of item " + request.itemId()
                    + " overlaps this time window").toException();
        }
        int perUserLimit = request.perUserLimit() == null ? 1 : request.perUserLimit();
        int paymentMinutes = request.paymentMinutes() == null ? 15 : request.paymentMinutes();
        var price = Money.parse(request.promoPrice());
        long id = store.insertPromo(request.itemId(), request.title(), price, startAt, endAt, perUserLimit,
                paymentMinutes);
        return new Promo(id, request.itemId(), request.title(), price, startAt, endAt, perUserLimit, paymentMinutes,
                false, null);
    }

    /** Publishing twice is harmless: the initial stock is recorded once and a live counter is never overwritten. */
    @Transactional
    public Promo publish(long promoId) {
        var promo = store.promo(promoId)
                .orElseThrow(() -> Rejection.of(ProblemCode.NOT_FOUND, "No promo " + promoId).toException());
        store.lockItem(promo.itemId());
        var level = itemStock.find(promo.itemId()).orElseThrow();
        store.markPublished(promoId, level.stock());
        var published = store.promo(promoId).orElseThrow();
        afterCommit(() -> {
            ledger.warm(promo.itemId(), level.stock());
            catalog.promoChanged(published);
            views.forget(promo.itemId());
            catalog.promo(promoId);
            catalog.item(promo.itemId());
            catalog.featuredPromo(promo.itemId(), Instant.now());
            pages.publish(promo.itemId());
            edge.itemChanged(promo.itemId());
        });
        return published;
    }

    /** Straight from the database: an admin must see a promo the moment it is created. */
    public List<Promo> promos() {
        return store.promosNewestFirst(MAX_LISTED);
    }

    private static Rejection.RejectedException invalid(String field, String message) {
        return Rejection.invalidField(field, message).toException();
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
