package io.seckill.catalog.internal;

import java.time.Instant;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.seckill.frontend.PageShell;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;

/**
 * {@code /items/<id>.html} when no web server in front has the pre-rendered file: the embedded default,
 * an item without a published promo, or a page not written yet. The same renderer, so the same page.
 */
@RestController
class ItemPageController {

    private final ItemViews views;
    private final PageShell shell;

    ItemPageController(ItemViews views, PageShell shell) {
        this.views = views;
        this.shell = shell;
    }

    @GetMapping("/items/{id}.html")
    ResponseEntity<String> page(@PathVariable long id) {
        var item = views.view(id, Instant.now())
                .orElseThrow(() -> Rejection.of(ProblemCode.NOT_FOUND, "No item " + id).toException());
        return PageShell.respond(ItemPage.render(item, shell));
    }
}
