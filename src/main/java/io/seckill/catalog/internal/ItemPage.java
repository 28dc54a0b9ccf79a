package io.seckill.catalog.internal;

import static io.seckill.frontend.Html.escape;

import io.seckill.catalog.internal.ItemViews.ItemView;
import io.seckill.frontend.Html;
import io.seckill.frontend.PageShell;

/**
 * An item's detail page as HTML, framed like every other page ({@link PageShell}): written to disk for
 * nginx when a promo is published, and rendered by the application when there is no such file.
 * Everything that changes during a sale (units left, the promo's status, the countdown, the buy panel)
 * is filled in by the page's module, {@code js/pages/item.js}, from {@code GET /api/items/{id}}, whose
 * {@code X-Server-Time} sets its clock.
 * <p>
 * Titles, descriptions and image URLs are the admin's input: every one is escaped, an image URL is
 * kept only if it is http(s) or a path, and the page's Content-Security-Policy allows no inline script
 * or style at all, so even a missed escape could not run anything.
 */
final class ItemPage {

    private ItemPage() {
    }

    static String render(ItemView item, PageShell shell) {
        var html = new StringBuilder(4096);
        html.append("<article class=\"item\" data-item-id=\"").append(item.id()).append("\">\n");
        var image = Html.safeUrl(item.imageUrl());
        html.append("<div class=\"item-image\">");
        if (image != null) {
            html.append("<img src=\"").append(escape(image)).append("\" alt=\"").append(escape(item.title()))
                    .append("\" width=\"320\" height=\"240\">");
        }
        html.append("</div>\n<div class=\"item-facts\">\n")
                .append("<h1>").append(escape(item.title())).append("</h1>\n")
                .append("<p class=\"description\">").append(escape(item.description())).append("</p>\n")
                .append("<p>Regular price <span class=\"price\">").append(escape(item.price())).append("</span></p>\n")
                .append("<p>Units left: <strong id=\"stock\" class=\"num\">").append(item.stock())
                .append("</strong></p>\n</div>\n");
        var promo = item.promo();
        if (promo == null) {
            html.append("<p class=\"promo\">No flash sale planned.</p>\n");
        } else {
            html.append("<section class=\"promo\" data-promo-id=\"").append(promo.id())
                    .append("\" aria-labelledby=\"promo-title\">\n")
                    .append("<h2 id=\"promo-title\">").append(escape(promo.title())).append("</h2>\n")
                    .append("<p>Flash price <span class=\"flash\" id=\"promo-price\">")
                    .append(escape(promo.promoPrice())).append("</span>, at most <span id=\"limit\">")
                    .append(promo.perUserLimit()).append("</span> per buyer</p>\n")
                    .append("<p class=\"window\">From <time id=\"start\" datetime=\"").append(promo.startAt())
                    .append("\">").append(promo.startAt()).append("</time> to <time id=\"end\" datetime=\"")
                    .append(promo.endAt()).append("\">").append(promo.endAt()).append("</time></p>\n")
                    .append("<p class=\"clock\"><span id=\"status\" class=\"badge\">").append(escape(promo.status()))
                    .append("</span> <span id=\"countdown\" class=\"num\"></span></p>\n")
                    .append("<div id=\"buy\" class=\"buy\"></div>\n")
                    .append("</section>\n");
        }
        html.append("</article>");
        return shell.render(item.title(), "item", html.toString());
    }
}
