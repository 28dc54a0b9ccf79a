package io.seckill.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

import io.seckill.support.Browser;
import io.seckill.support.BrowserTest;

/** An admin in a real browser (desktop width) sets up a sale, publishes it and watches it sell out. */
class AdminSaleE2eTests extends BrowserTest {

    @Override
    protected Dimension viewport() {
        return Browser.DESKTOP;
    }

    @Test
    void anAdminCreatesAndPublishesASaleAndWatchesTheDashboardReachZero() {
        browser.go("/login.html?next=/admin/");
        browser.type("#username", "admin");
        browser.type("#password", "test-admin-password", Keys.ENTER);

        browser.type("#item-title", "Flash Drone D1");
        browser.type("#item-description", "A camera drone; three units at a flash price.");
        browser.type("#item-price", "499.00");
        browser.type("#item-stock", "3", Keys.ENTER);
        browser.text("#item-notice[data-code='CREATED']", "created");

        browser.type("#promo-title-input", "Drone drop");
        browser.type("#promo-price-input", "49.00");
        browser.type("#promo-limit", "1");
        // A date-time field's keyboard entry depends on the locale; its value is set the way a picker sets it.
        browser.js("""
                const local = (ms) => { const d = new Date(ms); return new Date(d - d.getTimezoneOffset() * 60000)
                    .toISOString().slice(0, 19); };
                document.getElementById('promo-start').value = local(Date.now() + 3000);
                document.getElementById('promo-end').value = local(Date.now() + 3600000);""");
        browser.find("#promo-form button[type=submit]").click();
        browser.text("#promo-notice[data-code='CREATED']", "draft");
        // newest first, and the list is reloaded before the message shows
        var created = browser.visible("#promos tbody tr:first-child");
        long promoId = Long.parseLong(created.getDomAttribute("data-promo-id"));
        assertThat(created.getText()).contains("Drone drop", "Flash Drone D1", "Draft");

        created.findElement(org.openqa.selenium.By.cssSelector("button.publish")).click();
        browser.text("#admin-notice[data-code='PUBLISHED']", "published");
        browser.visible("#promos tr[data-promo-id='" + promoId + "'] .badge:not([data-state='DRAFT'])");
        browser.screenshot("admin-1-items-and-promos");

        browser.find("#published-dashboard").click();
        browser.text("#stat-remaining", "3");
        browser.text("#stat-initial", "3");

        var buyers = shop.buyers(4);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/promos/" + promoId + "/captcha",
                buyers.get(3).session()).status() == 200);
        for (var buyer : buyers.subList(0, 3)) {
            assertThat(shop.order(buyer, promoId, 1, shop.token(buyer, promoId)).status()).isEqualTo(201);
        }
        assertThat(shop.requestToken(buyers.get(3), promoId, shop.captcha(buyers.get(3), promoId)).code())
                .isEqualTo("SOLD_OUT");

        browser.text("#stat-remaining", "0");
        browser.text("#stat-sold", "3");
        browser.text("#stat-unpaid", "3");
        browser.text("#rejections tr[data-code='SOLD_OUT']", "1");
        browser.text("#dash-state", "Sold out");
        // the charts, drawn by uPlot a point a second: the orders placed, the sell-out, the steps' latency
        browser.visible("#chart-orders canvas");
        browser.visible("#chart-units canvas");
        browser.visible("#chart-latency canvas");
        browser.visible("#chart-rejections canvas");
        browser.until("the orders chart shows the orders", () -> number("#chart-orders", "data-total") > 0);
        browser.until("the units chart reaches zero", () -> "0".equals(browser.find("#chart-units").getDomAttribute("data-last")));
        browser.until("the latency chart shows an order's p99", () -> browser.find("#chart-latency")
                .getDomAttribute("data-order-p99") != null);
        double points = number("#chart-orders", "data-points");
        browser.until("the charts move on, a point a second", () -> number("#chart-orders", "data-points") > points);
        browser.screenshot("admin-2-dashboard-sold-out");
        browser.viewport(Browser.PHONE);
        browser.assertFitsWidth();
        browser.screenshot("admin-2-dashboard-sold-out-phone");
        browser.go("/admin/");
        browser.visible("#promos tbody tr");
        browser.assertFitsWidth();
        browser.viewport(Browser.DESKTOP);

        browser.go("/admin/consistency.html");
        browser.visible("#consistency tbody tr");
        browser.until("the report names a verdict", () -> !browser.find("#verdict").getText().isBlank());
        browser.screenshot("admin-3-consistency");
    }

    private double number(String css, String attribute) {
        var value = browser.find(css).getDomAttribute(attribute);
        return value == null || value.isBlank() ? 0 : Double.parseDouble(value);
    }

    @Test
    void aBuyerIsKeptOutOfTheAdminPages() {
        var buyer = shop.buyer();
        loggedInAs(buyer);

        browser.go("/admin/dashboard.html?promo=1");

        browser.text(".notice[data-code='FORBIDDEN']", "for admins");
        assertThat(browser.find("#dashboard").isDisplayed()).isFalse();
    }
}
