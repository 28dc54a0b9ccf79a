package io.seckill.cluster;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Reads a node's own /actuator/prometheus (on its port: nginx does not expose it). */
final class NodeMetrics {

    /** name{labels} value: labels hold URI templates such as {id}, so they end at the last brace. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+\\d+)?$");

    private NodeMetrics() {
    }

    /** Every request the node has answered so far, except its metric scrapes. */
    static long requestsServed(Http node) {
        return (long) sum(node, "http_server_requests_seconds_count", labels -> !labels.contains("uri=\"/actuator/prometheus\""));
    }

    /** Requests the node has answered for one URI template, e.g. {@code /api/items/{id}}. */
    static long requestsTo(Http node, String uriTemplate) {
        return (long) sum(node, "http_server_requests_seconds_count", labels -> labels.contains("uri=\"" + uriTemplate + "\""));
    }

    static long ordersPlaced(Http node) {
        return (long) sum(node, "seckill_orders_placed_total", labels -> true);
    }

    private static double sum(Http node, String metric, Predicate<String> labels) {
        var scrape = node.get("/actuator/prometheus", null);
        if (scrape.status() != 200) {
            throw new IllegalStateException(node.base() + "/actuator/prometheus: " + scrape.status());
        }
        double total = 0;
        for (var line : scrape.body().split("\n")) {
            var sample = SAMPLE.matcher(line);
            if (sample.matches() && sample.group(1).equals(metric) && labels.test(sample.group(3) == null ? "" : sample.group(3))) {
                total += Double.parseDouble(sample.group(4));
            }
        }
        return total;
    }
}
