package io.seckill.catalog.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.seckill.catalog.Catalog;

import io.seckill.frontend.PageShell;

/**
 * Page staticization: when a promo is published, its item's detail page is rendered ({@link ItemPage})
 * into {@code seckill.pages.dir}, where nginx serves it without a node hearing of the request.
 * A page that cannot be written is logged and skipped: the sale works without it, from the API.
 */
@Component
class StaticItemPages {

    private static final Logger log = LoggerFactory.getLogger(StaticItemPages.class);

    private final Path directory;
    private final ItemViews views;
    private final PageShell shell;
    private final Catalog catalog;

    StaticItemPages(PagesProperties properties, ItemViews views, PageShell shell, Catalog catalog) {
        this.directory = properties.dir() == null ? null : properties.dir().resolve("items").toAbsolutePath();
        this.views = views;
        this.shell = shell;
        this.catalog = catalog;
    }

    /**
     * A page names the assets of the release that wrote it; after an upgrade those URLs are gone. So on
     * start every node writes the pages of all items with a published promo again (also filling a new,
     * empty directory). Nodes of one release write the same bytes, so it does not matter which is last.
     */
    @EventListener(ApplicationReadyEvent.class)
    void renderAllPublished() {
        if (directory == null) {
            return;
        }
        catalog.itemIds().stream().filter(id -> !catalog.publishedPromosOf(id).isEmpty()).forEach(this::publish);
    }

    /** Renders the item's page as it is now; nothing when pages are off or the item is gone. */
    void publish(long itemId) {
        if (directory == null) {
            return;
        }
        try {
            var view = views.view(itemId, Instant.now());
            if (view.isPresent()) {
                write(itemId, ItemPage.render(view.get(), shell));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Item {}: could not write its static page into {}", itemId, directory, e);
        }
    }

    /**
     * Written beside the target, then renamed over it: nginx serves either the old page or the new one,
     * never half of one. Readable by all, because the web server runs as another user.
     */
    Path write(long itemId, String html) throws IOException {
        Files.createDirectories(directory);
        var target = directory.resolve(itemId + ".html");
        var temporary = Files.createTempFile(directory, "." + itemId + "-", ".tmp");
        try {
            Files.writeString(temporary, html, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException _) {
                // Not a POSIX file system: its default permissions apply.
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }
}
