package io.seckill.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.seckill.catalog.internal.ItemViews.ItemView;
import io.seckill.catalog.internal.ItemViews.PromoSummary;
import io.seckill.frontend.Assets;
import io.seckill.frontend.Html;
import io.seckill.frontend.PageShell;

/** The static item page: everything the admin typed is inert text, and the live parts come from the API. */
class ItemPageTests {

    private static final PageShell SHELL = new PageShell(new Assets());

    private static final String HOSTILE = "<script>alert('x')</script> & \"quoted\" </title><img src=x onerror=alert(1)>";

    private static ItemView item(String title, String description, String imageUrl, PromoSummary promo) {
        return new ItemView(42, title, description, imageUrl, "1999.00", 7, 93, promo);
    }

    private static PromoSummary promo(String title) {
        return new PromoSummary(9, title, "9.90", Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T11:00:00Z"), "UPCOMING", 2);
    }

    @Test
    void hostileTitleDescriptionAndPromoTitleComeOutAsText() {
        var html = render(item(HOSTILE, HOSTILE, "/img/a.png", promo(HOSTILE)));

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("</title><img")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;");
        // one <script> element only: the page's own module
        assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(1);
        assertThat(html).contains("alt=\"&lt;script&gt;");
    }

    @Test
    void theStaticPartsAreInThePageAndTheLivePartsHaveTheirPlaces() {
        var html = render(item("Phone X", "A phone.", "https://img.example/x.png", promo("Black Friday")));

        assertThat(html).contains("<title>Phone X - Seckill</title>", "<h1>Phone X</h1>", "A phone.", "1999.00",
                "<img src=\"https://img.example/x.png\"", "data-item-id=\"42\"", "data-promo-id=\"9\"",
                "id=\"promo-title\">Black Friday<", "id=\"promo-price\">9.90<", "id=\"limit\">2<",
                "datetime=\"2026-11-25T10:00:00Z\"", "id=\"stock\" class=\"num\">7<", "id=\"status\" class=\"badge\">UPCOMING<", "id=\"countdown\"");
        assertThat(html).contains("<script type=\"module\" src=\"/assets/" + new Assets().fingerprint() + "/js/pages/item.js\">",
                "<link rel=\"stylesheet\" href=\"/assets/" + new Assets().fingerprint() + "/css/site.css\">");
    }

    @Test
    void anItemWithoutAPromoSaysSo() {
        var html = render(item("Plain", "", null, null));

        assertThat(html).contains("No flash sale planned.").doesNotContain("id=\"promo-title\"").doesNotContain("<img");
    }

    @Test
    void onlyHttpAndSitePathImagesAreKept() {
        assertThat(Html.safeUrl("javascript:alert(1)")).isNull();
        assertThat(Html.safeUrl(" JavaScript:alert(1)")).isNull();
        assertThat(Html.safeUrl("data:image/svg+xml,<svg onload=alert(1)>")).isNull();
        assertThat(Html.safeUrl("/\\evil.example/x.png")).isNull();
        assertThat(Html.safeUrl("https://img.example/a\nb.png")).isNull();
        assertThat(Html.safeUrl("https://img.example/a.png")).isEqualTo("https://img.example/a.png");
        assertThat(Html.safeUrl("/img/x.png")).isEqualTo("/img/x.png");
        var html = render(item("t", "d", "javascript:alert(1)", null));
        assertThat(html).doesNotContain("javascript:");
    }

    @Test
    void aUrlWithQuotesCannotLeaveItsAttribute() {
        var html = render(item("t", "d", "https://img.example/x.png\" onerror=\"alert(1)", null));

        assertThat(html).contains("src=\"https://img.example/x.png&quot; onerror=&quot;alert(1)\"")
                .doesNotContain("onerror=\"alert");
    }

    @Test
    void theContentSecurityPolicyAllowsNoInlineScriptOrStyleAtAll() {
        var html = render(item("t", "d", null, promo("p")));

        assertThat(html).contains("script-src 'self';", "style-src 'self';", "default-src 'none'", "connect-src 'self'")
                .doesNotContain("<script>").doesNotContain("<style").doesNotContain("unsafe-inline");
    }

    @Test
    void aPageIsWrittenWholeAndReadableByTheWebServer(@TempDir Path pages) throws Exception {
        var writer = new StaticItemPages(new PagesProperties(pages), null, null, null);

        var first = writer.write(42, "<p>one</p>");
        var second = writer.write(42, "<p>two</p>");

        assertThat(first).isEqualTo(second).isEqualTo(pages.resolve("items/42.html").toAbsolutePath());
        assertThat(Files.readString(second)).isEqualTo("<p>two</p>");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second))).isEqualTo("rw-r--r--");
        try (var left = Files.list(pages.resolve("items"))) {
            assertThat(left).containsExactly(second);
        }
    }

    @Test
    void withoutADirectoryNothingIsWritten() {
        var pages = new StaticItemPages(new PagesProperties(null), null, null, null);

        pages.publish(42); // would fail on the missing ItemViews if it tried
    }

    private static String render(ItemView item) {
        return ItemPage.render(item, SHELL);
    }
}
