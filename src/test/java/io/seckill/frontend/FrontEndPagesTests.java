package io.seckill.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import io.seckill.platform.web.ProblemCode;
import io.seckill.support.IntegrationTest;

/** How the application serves the front end: framed pages that are revalidated, assets that are cached for good. */
class FrontEndPagesTests extends IntegrationTest {

    private static final Pattern ASSET = Pattern.compile("/assets/([0-9a-f]{16})/js/pages/[a-z]+\\.js");

    @Test
    void everyPageIsHtmlThatBrowsersRevalidateAndAnUnchangedOneCostsA304() {
        for (var path : new String[] {"/", "/login.html", "/register.html", "/orders.html", "/order.html?id=1",
                "/admin/", "/admin/dashboard.html", "/admin/consistency.html"}) {
            var page = api.get(path, null);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(page.header("Cache-Control")).as(path).isEqualTo("no-cache");
            assertThat(page.body()).as(path).contains("<main id=\"main\"", "Content-Security-Policy");
            assertThat(ASSET.matcher(page.body()).find()).as(path).isTrue();

            var again = api.send(api.request(path, null).header("If-None-Match", page.header("ETag")).GET());
            assertThat(again.status()).as(path).isEqualTo(304);
        }
        assertThat(api.get("/admin", null).header("Location")).isEqualTo("/admin/");
    }

    @Test
    void assetsLiveUnderTheFingerprintOfTheReleaseAndAreCachedForAYear() {
        var matcher = ASSET.matcher(api.get("/", null).body());
        assertThat(matcher.find()).isTrue();
        var script = api.get(matcher.group(), null);

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).contains("javascript");
        assertThat(script.header("Cache-Control")).contains("max-age=31536000", "immutable");
        assertThat(matcher.group(1)).isEqualTo(new Assets().fingerprint());
        var css = api.get("/assets/" + matcher.group(1) + "/css/site.css", null);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");

        var stale = api.get("/assets/0123456789abcdef/js/pages/catalogue.js", null);
        assertThat(stale.status()).as("an old release's URL never gets new content").isEqualTo(404);
        assertThat(stale.code()).isEqualTo("NOT_FOUND");
        var missing = api.get("/assets/" + matcher.group(1) + "/js/pages/no-such-page.js", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void theDemoItemsPictureIsServedAndAnUnknownOneIsNotFound() {
        var picture = api.get("/images/phone.svg", null);
        assertThat(picture.status()).isEqualTo(200);
        assertThat(picture.header("Content-Type")).startsWith("image/svg+xml");
        var unknown = api.get("/images/no-such.svg", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void theApplicationRendersAnItemPageWhenNoWebServerHasItsFile() {
        var sale = shop.openSale(7);

        var page = api.get("/items/" + sale.itemId() + ".html", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(page.body()).contains("data-item-id=\"" + sale.itemId() + "\"",
                "data-promo-id=\"" + sale.promoId() + "\"", "/js/pages/item.js", "id=\"buy\"");
        assertThat(api.get("/items/987654321.html", null).code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void everyMachineCodeHasASentenceForPeople() throws IOException {
        var messages = new String(new ClassPathResource("static/assets/js/messages.js").getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        var codes = new ArrayList<>(Arrays.stream(ProblemCode.values()).map(Enum::name).toList());
        // what nginx answers when no node does, and what the browser reports when nothing answers
        codes.addAll(java.util.List.of("UNAVAILABLE", "NETWORK"));

        for (var code : codes) {
            assertThat(messages).as(code).containsPattern("\\n  " + code + ": '[^']{10,}'");
        }
    }
}
