package io.seckill.catalog.internal;

import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.seckill.catalog.Catalog;
import io.seckill.catalog.internal.ItemViews.ItemView;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.platform.web.Problems;

/** The anonymous read path: what is for sale, at what price, how many are left. */
@RestController
class CatalogController {

    private final Catalog catalog;
    private final ItemViews views;

    CatalogController(Catalog catalog, ItemViews views) {
        this.catalog = catalog;
        this.views = views;
    }

    @GetMapping("/api/items")
    List<ItemView> items() {
        var now = Instant.now();
        return catalog.itemIds().stream().flatMap(id -> views.view(id, now).stream()).toList();
    }

    @GetMapping("/api/items/{id}")
    @Problems(ProblemCode.NOT_FOUND)
    ItemView item(@PathVariable long id) {
        return views.view(id, Instant.now())
                .orElseThrow(() -> Rejection.of(ProblemCode.NOT_FOUND, "No item " + id).toException());
    }
}
