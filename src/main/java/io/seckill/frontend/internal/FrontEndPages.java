package io.seckill.frontend.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.seckill.frontend.PageShell;

/**
 * The pages other than an item's: small HTML frames whose markup lives in {@code frontend/<name>.html}
 * and whose live parts come from the API through their ES module. They name the assets by fingerprint,
 * so they are not static files: browsers revalidate them (ETag) and get a new one with each release.
 * They are deliberately not under {@code static/}, where nginx would serve them unframed.
 */
@RestController
class FrontEndPages {

    record Page(String title, String module) {
    }

    static final Map<String, Page> PAGES = Map.of(
            "/", new Page("Flash sales", "catalogue"),
            "/login.html", new Page("Log in", "login"),
            "/register.html", new Page("Register", "register"),
            "/orders.html", new Page("My orders", "orders"),
            "/order.html", new Page("Order", "order"),
            "/admin/", new Page("Admin: items and promos", "admin"),
            "/admin/dashboard.html", new Page("Admin: live sale", "dashboard"),
            "/admin/consistency.html", new Page("Admin: consistency", "consistency"));

    private final Map<String, String> rendered;

    FrontEndPages(PageShell shell) {
        this.rendered = PAGES.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, page -> shell.render(page.getValue().title(), page.getValue().module(),
                        markup(page.getValue().module()))));
    }

    @GetMapping({"/", "/login.html", "/register.html", "/orders.html", "/order.html", "/admin/",
            "/admin/dashboard.html", "/admin/consistency.html"})
    ResponseEntity<String> page(HttpServletRequest request) {
        return PageShell.respond(rendered.get(request.getRequestURI()));
    }

    @GetMapping("/admin")
    ResponseEntity<Void> admin() {
        return ResponseEntity.status(308).header("Location", "/admin/").build();
    }

    private static String markup(String module) {
        try (var in = new ClassPathResource("frontend/" + module + ".html").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("The markup of page " + module + " is missing", e);
        }
    }
}
