package io.seckill.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

import io.seckill.support.Browser;
import io.seckill.support.BrowserTest;
import io.seckill.support.Shop;

/**
 * A buyer in a real browser (headless Chromium at phone width): from registering to a paid order, and a
 * buyer who comes second. The captcha is solved the way load-test mode allows: the page keeps the
 * {@code X-Captcha-Answer} the server sent with the picture it shows (a server outside load-test mode
 * sends none) and the test types that answer, as a person would type what they read.
 */
class BuyerJourneyE2eTests extends BrowserTest {

    @Override
    protected Dimension viewport() {
        return Browser.PHONE;
    }

    @Test
    void aNewBuyerRegistersLogsInWaitsForTheSaleSolvesTheCaptchaBuysAndPays() {
        long itemId = item("Seckill Phone X", 5);
        var opens = Instant.now().plusSeconds(9);
        var created = api.post("/api/admin/promos", shop.admin(), Map.of("itemId", itemId, "title", "Launch flash sale",
                "promoPrice", "99.00", "startAt", opens.toString(), "endAt", opens.plus(Duration.ofHours(1)).toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long promoId = created.json().get("id").asLong();
        shop.publish(promoId);
        var username = "buyer" + Shop.unique();

        browser.go("/");
        browser.visible("#account a[href='/register.html']").click();
        browser.type("#username", username);
        browser.type("#password", "a-good-password", Keys.ENTER);
        browser.text("#account .who", username);

        browser.find("#logout").click();
        browser.text("#account", "Log in");
        browser.find("#account a[href='/login.html']").click();
        browser.type("#username", username);
        browser.type("#password", "a-good-password", Keys.ENTER);
        browser.text("#account .who", username);
        browser.assertFitsWidth();
        browser.screenshot("buyer-1-catalogue");

        browser.visible("[data-item-id='" + itemId + "'] h2 a").click();
        browser.text("#countdown", "Starts in 00:00:");
        var layout = "const r = (id) => document.getElementById(id).getBoundingClientRect();"
                + " return [r('countdown').width, r('buy').top, r('buy').height].join(' ');";
        var before = browser.js(layout);
        var shown = browser.find("#countdown").getText();
        browser.until("the countdown moves on", () -> !browser.find("#countdown").getText().equals(shown));
        assertThat(browser.js(layout)).as("nothing moves while the countdown runs").isEqualTo(before);
        browser.assertFitsWidth();
        browser.screenshot("buyer-2-countdown");

        var captcha = browser.visible("#captcha[data-loadtest-answer]");
        var answer = captcha.getDomAttribute("data-loadtest-answer");
        browser.type("#answer", answer.equals("AAAAA") ? "BBBBB" : "AAAAA", Keys.ENTER);
        browser.text("#buy-notice[data-code='CAPTCHA_WRONG']", "did not match");
        browser.until("a new picture replaces the used one", () -> {
            var fresh = browser.find("#captcha").getDomAttribute("data-loadtest-answer");
            return fresh != null && !fresh.equals(answer);
        });
        browser.screenshot("buyer-3-captcha-wrong");

        browser.type("#answer", browser.find("#captcha").getDomAttribute("data-loadtest-answer"), Keys.ENTER);
        browser.text("[data-code='ORDERED']", "You got it!");
        browser.text("#stock", "4");
        browser.screenshot("buyer-4-ordered");

        browser.find("#order-link").click();
        browser.text("#order-status", "Awaiting payment");
        browser.text("#time-left", "left to pay");
        browser.assertFitsWidth();
        browser.screenshot("buyer-5-order-unpaid");
        browser.find("#pay").click();
        browser.text("#order-status", "Paid");
        browser.screenshot("buyer-6-order-paid");

        browser.go("/orders.html");
        browser.text("#orders tbody", "Seckill Phone X");
        browser.text("#orders tbody", "Paid");
        browser.assertFitsWidth();
        browser.screenshot("buyer-7-my-orders");
        assertThat(paidOrdersOf(promoId)).isEqualTo(1);

        browser.go("/items/" + itemId + ".html");
        browser.type("#answer", browser.visible("#captcha[data-loadtest-answer]").getDomAttribute("data-loadtest-answer"),
                Keys.ENTER);
        browser.text("[data-code='ALREADY_PURCHASED']", "already have an order");
        assertThat(browser.find("#order-link").getDomAttribute("href")).startsWith("/order.html?id=");
    }

    @Test
    void aBuyerToldTheShopIsBusyWaitsAsLongAsRetryAfterSaysThenOrdersWithTheSamePermit() {
        var sale = shop.openSale(5);
        var buyer = shop.buyer();
        loggedInAs(buyer);
        browser.go("/items/" + sale.itemId() + ".html");
        var answer = browser.visible("#captcha[data-loadtest-answer]").getDomAttribute("data-loadtest-answer");
        // Saturating the real order intake cannot be timed from here; the page's first order request is
        // answered as a saturated node answers it (503 BUSY, Retry-After: 2), every other one by the server.
        browser.js("""
                const real = window.fetch;
                window.orderAttempts = 0;
                window.fetch = (url, init) => {
                  if (url === '/api/orders' && ++window.orderAttempts === 1) {
                    return Promise.resolve(new Response(JSON.stringify({type: '/problems/busy', title: 'Busy', status: 503,
                      detail: 'Order intake is saturated', code: 'BUSY'}),
                      {status: 503, headers: {'Content-Type': 'application/problem+json', 'Retry-After': '2'}}));
                  }
                  return real(url, init);
                };""");

        browser.type("#answer", answer, Keys.ENTER);

        browser.text("#buy-notice[data-code='BUSY']", "Try again in 2 s");
        assertThat(browser.find("#buy-button").isEnabled()).isFalse();
        browser.screenshot("buyer-9-busy");
        browser.text("#buy-notice[data-code='BUSY']", "You can try again now");
        browser.find("#buy-button").click();
        browser.text("[data-code='ORDERED']", "You got it!");
        assertThat(browser.js("return window.orderAttempts;")).isEqualTo(2L);
        assertThat(api.get("/api/orders", buyer.session()).json().size()).isEqualTo(1);
    }

    @Test
    void aBuyerWhoseUnitWasTakenWhileSolvingTheCaptchaIsToldItIsSoldOut() {
        var sale = shop.openSale(1);
        var username = "late" + Shop.unique();
        assertThat(api.post("/api/users", null, Map.of("username", username, "password", "a-good-password")).status())
                .isEqualTo(201);
        browser.go("/login.html?next=/items/" + sale.itemId() + ".html");
        browser.type("#username", username);
        browser.type("#password", "a-good-password", Keys.ENTER);
        var answer = browser.visible("#captcha[data-loadtest-answer]").getDomAttribute("data-loadtest-answer");

        var quicker = shop.buyer();
        assertThat(shop.order(quicker, sale.promoId(), 1, shop.token(quicker, sale.promoId())).status()).isEqualTo(201);
        browser.type("#answer", answer, Keys.ENTER);

        browser.text("#buy-notice[data-code='SOLD_OUT']", "Sold out");
        browser.text("#stock", "0");
        browser.screenshot("buyer-8-sold-out");
    }

    @Test
    void aVisitorWhoIsNotLoggedInIsAskedToLogInAndComesBackToTheItem() {
        var sale = shop.openSale(3);
        browser.go("/items/" + sale.itemId() + ".html");
        browser.visible("#buy a[href^='/login.html?next=']").click();
        assertThat(browser.path()).isEqualTo("/login.html?next=%2Fitems%2F" + sale.itemId() + ".html");
        var buyer = "back" + Shop.unique();
        browser.find("#register-link").click();
        browser.type("#username", buyer);
        browser.type("#password", "a-good-password", Keys.ENTER);

        browser.visible("#captcha[data-loadtest-answer]");
        assertThat(browser.path()).isEqualTo("/items/" + sale.itemId() + ".html");
    }

    private long item(String title, int stock) {
        var created = api.post("/api/admin/items", shop.admin(), Map.of("title", title, "description",
                "Our flagship, a hundred units at a tenth of the price.", "imageUrl", "/images/phone.svg", "price", "999.00", "stock", stock));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long paidOrdersOf(long promoId) {
        return jdbc.sql("SELECT COUNT(*) FROM orders WHERE promo_id = ? AND status = 'PAID'").param(promoId)
                .query(Long.class).single();
    }
}
