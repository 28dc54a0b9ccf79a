package io.seckill.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.Dimension;

/**
 * Base of the browser tests: the application as every {@link IntegrationTest} has it, plus one Chromium per
 * test class, at the width the class asks for, starting each test as a visitor with no session.
 */
public abstract class BrowserTest extends IntegrationTest {

    protected static Browser browser;

    /** The viewport every test of the class starts with. */
    protected abstract Dimension viewport();

    @BeforeEach
    void openBrowser() {
        if (browser == null) {
            browser = Browser.open(port);
        }
        browser.viewport(viewport()).forgetSession();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** Puts a buyer's existing session where the pages keep theirs, as if they had logged in here. */
    protected void loggedInAs(Shop.Buyer buyer) {
        browser.go("/login.html");
        browser.js("localStorage.setItem('seckill.session', JSON.stringify({token: arguments[0], "
                + "expiresAt: new Date(Date.now() + 3600000).toISOString(), user: {id: arguments[1], username: arguments[2], "
                + "admin: false}}));", buyer.session(), buyer.id(), buyer.username());
    }
}
