package io.seckill.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.seckill.platform.RehearsalIds;
import io.seckill.platform.cache.TieredCache;
import io.seckill.platform.cache.TieredCaches;

/**
 * Reads of items and promos through the tiered cache (this node's memory, Redis, the database).
 * Buying looks up its promo here on every request, so this must not cost a database call.
 */
@Component
public class Catalog {

    private static final Duration LOCAL = Duration.ofSeconds(5);
    private static final Duration SHARED = Duration.ofMinutes(10);

    private final CatalogReads store;
    private final TieredCache<Item> items;
    private final TieredCache<Promo> promos;
    private final TieredCache<ItemPromos> itemPromos;
    private final TieredCache<ItemIds> itemIds;
    private final Map<Long, Promo> rehearsals = new ConcurrentHashMap<>();

    Catalog(CatalogReads store, TieredCaches caches) {
        this.store = store;
        this.items = caches.create("item", Item.class, LOCAL, SHARED);
        this.promos = caches.create("promo", Promo.class, LOCAL, SHARED);
        this.itemPromos = caches.create("item-promos", ItemPromos.class, LOCAL, SHARED);
        this.itemIds = caches.create("item-ids", ItemIds.class, LOCAL, SHARED);
    }

    public Optional<Item> item(long id) {
        return items.get(id, key -> store.item(key).orElse(null));
    }

    public Optional<Promo> promo(long id) {
        if (RehearsalIds.isRehearsal(id)) {
            return Optional.ofNullable(rehearsals.get(id));
        }
        return promos.get(id, key -> store.promo(key).orElse(null));
    }

    /** Makes a rehearsal's promo known to this node only, until {@link #endRehearsal}; it is never stored. */
    public void stageRehearsal(Promo promo) {
        if (!promo.rehearsal()) {
            throw new IllegalArgumentException("a rehearsal promo has a rehearsal id, not " + promo.id());
        }
        rehearsals.put(promo.id(), promo);
    }

    public void endRehearsal(long promoId) {
        rehearsals.remove(promoId);
    }

    public List<Long> itemIds() {
        return itemIds.get(0, key -> new ItemIds(store.itemIds())).map(ItemIds::ids).orElse(List.of());
    }

    /** Every published promo of the item, earliest first. */
    public List<Promo> publishedPromosOf(long itemId) {
        return itemPromos.get(itemId, key -> new ItemPromos(store.publishedPromosOf(key)))
                .map(ItemPromos::promos).orElse(List.of());
    }

    /** The item's current or next published promo; if every one has ended, the last to end. */
    public Optional<Promo> featuredPromo(long itemId, Instant now) {
        var published = publishedPromosOf(itemId);
        return published.stream().filter(p -> p.endAt().isAfter(now)).min(Comparator.comparing(Promo::startAt))
                .or(() -> published.stream().max(Comparator.comparing(Promo::endAt)));
    }

    /** Called by the admin side after a change, on whichever node made it: every node forgets. */
    public void itemChanged(long itemId) {
        items.evict(itemId);
        itemIds.evict(0);
    }

    public void promoChanged(Promo promo) {
        promos.evict(promo.id());
        itemPromos.evict(promo.itemId());
    }

    /** The database side of the catalogue, implemented in {@code internal}. */
    public interface CatalogReads {
        Optional<Item> item(long id);

        Optional<Promo> promo(long id);

        List<Promo> publishedPromosOf(long itemId);

        List<Long> itemIds();
    }

    record ItemPromos(List<Promo> promos) {
    }

    record ItemIds(List<Long> ids) {
    }
}
