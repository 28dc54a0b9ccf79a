package io.seckill.frontend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The frame every page shares: head (the stylesheet and one ES module, by fingerprinted URL), the site
 * header with its navigation, and {@code <main>} around the page's own markup. The pre-rendered item
 * pages are framed by the same code, so they load the same scripts and look the same.
 * <p>
 * The Content-Security-Policy is a meta element, not a header, so that it travels with a page written
 * to disk for nginx: scripts and styles only from this site (no inline ones), images also from http(s)
 * (item images are admin-given URLs) and {@code blob:} (the captcha, fetched with the session header).
 */
@Component
public class PageShell {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' https: http: data: blob:; connect-src 'self'; base-uri 'none'; form-action 'self'";

    private final Assets assets;

    public PageShell(Assets assets) {
        this.assets = assets;
    }

    /**
     * @param title  the page's title, plain text (escaped here)
     * @param module the page's script under {@code assets/js/pages/}, without {@code .js}
     * @param body   the page's markup inside {@code <main>}, already safe HTML
     */
    public String render(String title, String module, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="Content-Security-Policy" content="%s">
                <title>%s - Seckill</title>
                <link rel="stylesheet" href="%s">
                <script type="module" src="%s"></script>
                </head>
                <body>
                <a class="skip" href="#main">Skip to content</a>
                <header class="site">
                <a class="brand" href="/">Seckill</a>
                <nav aria-label="Main">
                <a href="/">Sales</a>
                <a href="/orders.html">My orders</a>
                <span id="account" class="account"><a href="/login.html">Log in</a></span>
                </nav>
                </header>
                <main id="main" tabindex="-1">
                %s
                </main>
                </body>
                </html>
                """.formatted(POLICY, Html.escape(title), assets.url("css/site.css"),
                assets.url("js/pages/" + module + ".js"), body);
    }

    /**
     * A page as a response: browsers revalidate it on every visit (it names the assets of the release it
     * came from), and an unchanged page costs them a 304 (Spring answers If-None-Match from the ETag).
     */
    public static ResponseEntity<String> respond(String html) {
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest(html.getBytes(StandardCharsets.UTF_8));
            return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .cacheControl(CacheControl.noCache()).eTag(HexFormat.of().formatHex(hash, 0, 12)).body(html);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
