package io.seckill.catalog.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

import io.seckill.catalog.internal.ItemViews.ItemView;

/**
 * An item's detail page as static HTML, for nginx to serve without asking a node. Everything that
 * changes during a sale (units left, the promo's status, the countdown) is filled in by a small
 * inline script from {@code GET /api/items/{id}}, whose {@code X-Server-Time} sets the clock.
 * <p>
 * Titles, descriptions and image URLs are the admin's input: every one is escaped, an image URL is
 * kept only if it is http(s) or a path, and the page's Content-Security-Policy allows no script or
 * style but its own two (by hash), so even a missed escape could not run anything.
 */
final class ItemPage {

    static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:0;background:#f6f6f6;color:#222}\
            main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px}\
            img{max-width:100%}h1{margin:.5rem 0}.promo{border-top:1px solid #ddd;margin-top:1rem}\
            .flash{font-size:1.5rem;color:#c00}#countdown{font-weight:bold}""";

    static final String SCRIPT = """
            (function () {
              var main = document.querySelector('main[data-item-id]');
              var id = main.getAttribute('data-item-id');
              var offset = 0, promo = null;
              function text(name, value) { var e = document.getElementById(name); if (e) e.textContent = value; }
              function two(n) { return (n < 10 ? '0' : '') + n; }
              function tick() {
                if (!promo) return;
                var now = Date.now() + offset, start = Date.parse(promo.startAt), end = Date.parse(promo.endAt);
                var s = Math.floor(Math.max(0, (now < start ? start : end) - now) / 1000);
                var left = Math.floor(s / 3600) + ':' + two(Math.floor(s / 60) % 60) + ':' + two(s % 60);
                text('status', now < start ? 'UPCOMING' : now < end ? 'ACTIVE' : 'ENDED');
                text('countdown', now < start ? 'Starts in ' + left : now < end ? 'Ends in ' + left : 'Ended');
              }
              function refresh() {
                var sent = Date.now();
                fetch('/api/items/' + encodeURIComponent(id), { headers: { 'Accept': 'application/json' } })
                  .then(function (r) {
                    var server = Number(r.headers.get('X-Server-Time'));
                    if (server) offset = server - (sent + Date.now()) / 2;
                    return r.ok ? r.json() : null;
                  })
                  .then(function (item) {
                    if (!item) return;
                    text('stock', String(item.stock));
                    promo = item.promo;
                    if (promo) {
                      text('promo-title', promo.title);
                      text('promo-price', promo.promoPrice);
                      text('limit', String(promo.perUserLimit));
                      text('start', new Date(promo.startAt).toLocaleString());
                      text('end', new Date(promo.endAt).toLocaleString());
                    }
                    tick();
                  })
                  .catch(function () {});
              }
              refresh();
              setInterval(refresh, 2000);
              setInterval(tick, 250);
            })();
            """;

    private static final String POLICY = "default-src 'none'; img-src 'self' https: http: data:; style-src '"
            + sha256(STYLE) + "'; script-src '" + sha256(SCRIPT) + "'; connect-src 'self'; base-uri 'none'; "
            + "form-action 'none'";

    private ItemPage() {
    }

    static String render(ItemView item) {
        var html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(POLICY).append("\">\n")
                .append("<title>").append(escape(item.title())).append(" - Seckill</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<main data-item-id=\"").append(item.id()).append("\">\n");
        var image = safeUrl(item.imageUrl());
        if (image != null) {
            html.append("<img src=\"").append(escape(image)).append("\" alt=\"").append(escape(item.title()))
                    .append("\">\n");
        }
        html.append("<h1>").append(escape(item.title())).append("</h1>\n")
                .append("<p class=\"description\">").append(escape(item.description())).append("</p>\n")
                .append("<p>Price <span class=\"price\">").append(escape(item.price())).append("</span></p>\n")
                .append("<p>Units left: <strong id=\"stock\">").append(item.stock()).append("</strong></p>\n");
        var promo = item.promo();
        if (promo == null) {
            html.append("<p class=\"promo\">No flash sale planned.</p>\n");
        } else {
            html.append("<section class=\"promo\" data-promo-id=\"").append(promo.id()).append("\">\n")
                    .append("<h2 id=\"promo-title\">").append(escape(promo.title())).append("</h2>\n")
                    .append("<p>Flash price <span class=\"flash\" id=\"promo-price\">")
                    .append(escape(promo.promoPrice())).append("</span>, at most <span id=\"limit\">")
                    .append(promo.perUserLimit()).append("</span> per buyer</p>\n")
                    .append("<p>From <time id=\"start\" datetime=\"").append(promo.startAt()).append("\">")
                    .append(promo.startAt()).append("</time> to <time id=\"end\" datetime=\"")
                    .append(promo.endAt()).append("\">").append(promo.endAt()).append("</time></p>\n")
                    .append("<p><span id=\"status\">").append(escape(promo.status()))
                    .append("</span> <span id=\"countdown\"></span></p>\n</section>\n");
        }
        return html.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n").toString();
    }

    /** Text for an element's content or a quoted attribute value: nothing in it can end either. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An http(s) URL or a path on this site; anything else (javascript:, data:, ...) is dropped. */
    static String safeUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        var trimmed = url.strip();
        var lower = trimmed.toLowerCase(Locale.ROOT);
        boolean allowed = lower.startsWith("https://") || lower.startsWith("http://")
                || trimmed.startsWith("/") && !trimmed.startsWith("/\\");
        boolean clean = trimmed.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
        return allowed && clean ? trimmed : null;
    }

    private static String sha256(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
