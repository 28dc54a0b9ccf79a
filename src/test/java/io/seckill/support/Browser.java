package io.seckill.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its own chromedriver. Both paths are given explicitly, so
 * Selenium never looks for (or downloads) a browser or driver of its own.
 * <p>
 * No browser on the machine: the test is skipped, unless {@code SECKILL_E2E_REQUIRED=1} (CI sets it after
 * installing the packages), where a missing browser fails the run instead of silently testing nothing.
 */
public final class Browser implements AutoCloseable {

    public static final Dimension PHONE = new Dimension(375, 812);
    public static final Dimension DESKTOP = new Dimension(1280, 900);

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final String base;
    private final Path profile;

    private Browser(ChromeDriver driver, String base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    public static Browser open(int port) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            if ("1".equals(System.getenv("SECKILL_E2E_REQUIRED"))) {
                fail("SECKILL_E2E_REQUIRED=1 but " + CHROMIUM + " or " + CHROMEDRIVER
                        + " is missing (Debian packages chromium and chromium-driver)");
            }
            Assumptions.abort("Browser tests skipped: no " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver); SECKILL_E2E_REQUIRED=1 makes this a failure");
        }
        try {
            var profile = Files.createTempDirectory("seckill-e2e-chromium");
            var options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // the machine's network is closed: no background calls home, no component or sync downloads
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=375,812", "--lang=en-US");
            var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            var driver = new ChromeDriver(service, options);
            return new Browser(driver, "http://127.0.0.1:" + port, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of the page's viewport, as a phone or a desktop would show it. */
    public Browser viewport(Dimension size) {
        // the window's frame takes some room even headless: size the window so the page gets exactly this
        driver.manage().window().setSize(size);
        var inner = (Map<?, ?>) js("return {w: window.innerWidth, h: window.innerHeight};");
        int dw = size.width - ((Number) inner.get("w")).intValue();
        int dh = size.height - ((Number) inner.get("h")).intValue();
        if (dw != 0 || dh != 0) {
            driver.manage().window().setSize(new Dimension(size.width + dw, size.height + dh));
        }
        return this;
    }

    public void go(String path) {
        driver.get(base + path);
    }

    public String path() {
        var url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    /** Forgets the session (localStorage), as a new visitor would arrive. */
    public void forgetSession() {
        go("/login.html");
        js("localStorage.clear();");
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Waits until the element is visible, then returns it. */
    public WebElement visible(String css) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the element's text contains the given text. */
    public WebElement text(String css, String expected) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), expected));
        return find(css);
    }

    public void until(String description, java.util.function.BooleanSupplier condition) {
        waiting().withMessage(description).until(d -> condition.getAsBoolean());
    }

    public void type(String css, CharSequence... keys) {
        var field = visible(css);
        field.clear();
        field.sendKeys(keys);
    }

    /** The page needs no sideways scrolling at the current width (a table may scroll inside its own box). */
    public void assertFitsWidth() {
        var widths = (Map<?, ?>) js("return {page: document.documentElement.scrollWidth, view: window.innerWidth};");
        org.assertj.core.api.Assertions.assertThat(((Number) widths.get("page")).intValue())
                .as("page width at a %s px viewport, on %s", widths.get("view"), path())
                .isLessThanOrEqualTo(((Number) widths.get("view")).intValue());
    }

    public Object js(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    public WebDriverWait waiting() {
        var wait = new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50));
        // A page that navigates (after logging in or out) may swap the document under a lookup; Chromium
        // then answers a generic error ("Node ... does not belong to the document"): look again.
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }

    /** The whole page, not only what fits the viewport, as target/e2e-screenshots/<name>.png. */
    public Path screenshot(String name) {
        try {
            var metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            var size = (Map<?, ?>) metrics.get("cssContentSize");
            var width = ((Number) ((Map<?, ?>) metrics.get("cssLayoutViewport")).get("clientWidth")).doubleValue();
            var height = ((Number) size.get("height")).doubleValue();
            var shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            Files.createDirectories(SCREENSHOTS);
            var file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException _) {
            // a temporary folder left behind is harmless
        }
    }
}
