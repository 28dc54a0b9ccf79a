package io.seckill.catalog.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * After an admin change, the web servers in front replace their micro-cached copies of the catalogue
 * answers it touched, so that nobody reads the catalogue from before the change. Each is asked for those
 * answers again with {@value #HEADER} naming this node: the edge honours the header only from a node's
 * address, fetches the answer from this node (whose own caches were just refreshed, while another node may
 * not have heard of the change yet) and stores it in place of the old one.
 */
@Component
@EnableConfigurationProperties(EdgeProperties.class)
class EdgeCacheRefresh {

    static final String HEADER = "X-Catalogue-Refresh";
    private static final Logger log = LoggerFactory.getLogger(EdgeCacheRefresh.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final EdgeProperties edge;
    private final Environment environment;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    EdgeCacheRefresh(EdgeProperties edge, Environment environment) {
        this.edge = edge;
        this.environment = environment;
    }

    /** The list and the item's own answer: what creating an item or publishing its promo changes. */
    void itemChanged(long itemId) {
        refresh(List.of("/api/items", "/api/items/" + itemId));
    }

    private void refresh(List<String> paths) {
        if (edge.urls().isEmpty()) {
            return;
        }
        var self = edge.self() != null ? edge.self() : "127.0.0.1:" + environment.getProperty("local.server.port");
        for (var base : edge.urls()) {
            for (var path : paths) {
                var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header(HEADER, self)
                        .GET().build();
                try {
                    var answer = client.send(request, HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() >= 500) {
                        log.warn("The edge {} answered {} to the refresh of {}; its copy expires within a second",
                                base, answer.statusCode(), path);
                    }
                } catch (java.io.IOException e) {
                    log.warn("The edge {} did not take the refresh of {} ({}); its copy expires within a second",
                            base, path, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
