package io.seckill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.seckill.support.Api;
import io.seckill.support.StartingGun;

/** What nginx does itself: static files, pre-rendered pages, the micro-cache, rate limits, gzip, the client's address. */
@ClusterTest
class EdgeClusterTests {

    private final Cluster cluster = Cluster.get();
    private final ClusterShop shop = new ClusterShop(cluster);
    private final Http edge = cluster.edge();

    @Test
    void staticFilesAndThePublishedItemPageAreServedWithoutAnyRequestReachingTheNodes() throws IOException {
        var title = "<script>alert('cluster')</script> & Co " + ClusterShop.unique();
        long itemId = shop.createItem(title, 10);
        long promoId = shop.createPromo(itemId, Instant.now().plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(2)), 1);
        shop.publish(promoId);
        var page = cluster.pages().resolve("items/" + itemId + ".html");
        assertThat(page).as("publishing wrote the item's page").exists();

        var expected = new LinkedHashMap<String, byte[]>();
        expected.put("/items/" + itemId + ".html", Files.readAllBytes(page));
        expected.put("/robots.txt", Files.readAllBytes(cluster.opsWww().resolve("robots.txt")));
        expected.putAll(someStaticFiles(cluster.staticDir(), 5));

        long before = requestsServedByAllNodes();
        for (int round = 0; round < 3; round++) {
            for (var file : expected.entrySet()) {
                var answer = edge.get(file.getKey(), null);
                assertThat(answer.status()).as(file.getKey()).isEqualTo(200);
                assertThat(answer.raw().body()).as(file.getKey()).isEqualTo(file.getValue());
            }
        }
        long after = requestsServedByAllNodes();
        assertThat(after).as("requests the nodes answered meanwhile").isEqualTo(before);
        // and the count is live: a request that does reach a node shows at once
        assertThat(edge.get("/api/items/" + itemId, shop.admin()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> requestsServedByAllNodes() == after + 1);

        var html = edge.get("/items/" + itemId + ".html", null);
        assertThat(html.header("Content-Type")).startsWith("text/html");
        assertThat(html.body()).contains("&lt;script&gt;alert(&#39;cluster&#39;)&lt;/script&gt; &amp; Co")
                .doesNotContain("<script>alert(").contains("data-promo-id=\"" + promoId + "\"");
    }

    @Test
    void aPageThatWasNeverPublishedIsTheApisProblemNotFound() {
        var missing = edge.get("/items/987654321.html", null);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void theMicroCacheAnswersARepeatedAnonymousCatalogueReadWithoutTheNodes() {
        long itemId = shop.createItem("Cached " + ClusterShop.unique(), 5);
        var path = "/api/items/" + itemId;
        // Within the cache's one second: prime it, then read again and again. A slow machine may let the
        // second pass between prime and repeats, so a few tries are allowed.
        boolean servedFromCache = false;
        for (int attempt = 0; attempt < 5 && !servedFromCache; attempt++) {
            assertThat(edge.get(path, null).status()).isEqualTo(200);
            long before = requestsToAllNodes("/api/items/{id}");
            var repeats = Stream.generate(() -> edge.get(path, null)).limit(5).toList();
            long after = requestsToAllNodes("/api/items/{id}");
            servedFromCache = after == before && repeats.stream().allMatch(r -> "HIT".equals(r.header("X-Cache-Status")));
            if (servedFromCache) {
                var last = repeats.getLast();
                assertThat(last.status()).isEqualTo(200);
                assertThat(last.json().get("id").asLong()).isEqualTo(itemId);
                // the countdown clock is nginx's, fresh, not the cached answer's
                assertThat(Long.parseLong(last.header("X-Server-Time"))).isCloseTo(System.currentTimeMillis(),
                        org.assertj.core.data.Offset.offset(1000L));
            }
        }
        assertThat(servedFromCache).as("five repeated reads answered by nginx's cache alone").isTrue();
        // the count is live: a read with a session bypasses the cache and shows at once
        long before = requestsToAllNodes("/api/items/{id}");
        assertThat(edge.get(path, shop.admin()).header("X-Cache-Status")).isEqualTo("BYPASS");
        await().atMost(Duration.ofSeconds(5)).until(() -> requestsToAllNodes("/api/items/{id}") == before + 1);
    }

    @Test
    void theCatalogueThroughNginxShowsAnAdminChangeAsSoonAsTheAdminHasTheAnswer() {
        long itemId = shop.createItem("Before " + ClusterShop.unique(), 5);
        // nginx holds copies of the list and of the item, each good for a second
        assertThat(edge.get("/api/items", null).status()).isEqualTo(200);
        assertThat(edge.get("/api/items/" + itemId, null).status()).isEqualTo(200);

        long added = shop.createItem("After " + ClusterShop.unique(), 5);
        var list = edge.get("/api/items", null);
        var ids = new ArrayList<Long>();
        list.json().forEach(item -> ids.add(item.get("id").asLong()));
        assertThat(ids).as("the list read right after the item was created (" + list.header("X-Cache-Status") + ")")
                .contains(added);

        long promoId = shop.createPromo(itemId, Instant.now().plus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofHours(2)), 1);
        shop.publish(promoId);
        var item = edge.get("/api/items/" + itemId, null);
        assertThat(item.json().get("promo").isNull()).as("the item read right after publishing: " + item).isFalse();
        assertThat(item.json().get("promo").get("id").asLong()).isEqualTo(promoId);
    }

    @Test
    void aClientCannotMakeNginxRefreshTheCatalogue() {
        long itemId = shop.createItem("Refresh " + ClusterShop.unique(), 5);
        var client = cluster.edgeFrom("127.0.1.77");
        var path = "/api/items/" + itemId;
        // the refresh header names a node; from a client's address it is ignored and the copy is served
        boolean servedFromCache = false;
        for (int attempt = 0; attempt < 5 && !servedFromCache; attempt++) {
            client.get(path, null);
            var again = client.send(client.request(path, null).header("X-Catalogue-Refresh", "127.0.0.1:1").GET());
            assertThat(again.status()).isEqualTo(200);
            servedFromCache = "HIT".equals(again.header("X-Cache-Status"));
        }
        assertThat(servedFromCache).as("a read with the refresh header from a client was answered from the copy").isTrue();
    }

    @Test
    void aCatalogueReadWithASessionIsNeverCached() {
        long itemId = shop.createItem("Personal " + ClusterShop.unique(), 5);
        var path = "/api/items/" + itemId;
        long before = requestsToAllNodes("/api/items/{id}");

        for (int i = 0; i < 3; i++) {
            var answer = edge.get(path, shop.admin());
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("X-Cache-Status")).isEqualTo("BYPASS");
        }

        assertThat(requestsToAllNodes("/api/items/{id}") - before).isEqualTo(3);
    }

    @Test
    void aBurstOfOrdersFromOneAddressIsShedWith429ProblemJsonWhileOtherAddressesGetThrough() throws Exception {
        var burst = burst(cluster.edgeFrom("127.0.2.1"), "/api/orders", 150);

        var limited = burst.answers().stream().filter(a -> a.status() == 429).toList();
        long passed = burst.answers().size() - limited.size();
        assertThat(passed).as("requests let through: the burst allowance plus the rate over the burst's duration")
                .isLessThanOrEqualTo(cluster.orderLimit().mostLetThrough(burst.duration()));
        assertThat(limited).isNotEmpty().allSatisfy(this::isRateLimitedProblem);
        assertThat(burst.answers()).as("the burst allowance got through to a node (which refuses the empty order)")
                .anyMatch(a -> a.status() == 400 && "VALIDATION_FAILED".equals(a.code()));

        var other = cluster.edgeFrom("127.0.2.2").post("/api/orders", null, Map.of());
        assertThat(other.status()).as("another address is not limited").isNotEqualTo(429);
    }

    @Test
    void aBurstOfTokenRequestsFromOneAddressIsShedToo() throws Exception {
        var burst = burst(cluster.edgeFrom("127.0.2.3"), "/api/promos/1/tokens", 150);

        var limited = burst.answers().stream().filter(a -> a.status() == 429 && "RATE_LIMITED".equals(a.code())).toList();
        assertThat((long) (burst.answers().size() - limited.size()))
                .isLessThanOrEqualTo(cluster.tokenLimit().mostLetThrough(burst.duration()));
        assertThat(limited).isNotEmpty().allSatisfy(this::isRateLimitedProblem);
    }

    @Test
    void catalogueAnswersAreCompressedForClientsThatAcceptGzip() {
        // enough of a list to pass nginx's gzip_min_length (512 bytes) even in a catalogue of only these
        for (int i = 0; i < 3; i++) {
            shop.createItem("Listed " + ClusterShop.unique() + " " + "with a title long enough to compress ".repeat(3), 1);
        }
        var answer = edge.send(edge.request("/api/items", null).header("Accept-Encoding", "gzip").GET());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(answer.header("Vary")).contains("Accept-Encoding");
    }

    @Test
    void theNodesSeeTheClientsOwnAddressNotNginxs() throws IOException {
        var logs = nodeAccessLogs();
        Assumptions.assumeFalse(logs.isEmpty(), "node access logs are off (SECKILL_CLUSTER_ACCESS_LOG)");
        var probe = ClusterShop.unique();

        var answer = cluster.edgeFrom("127.0.3.7").get("/api/items/0?probe=" + probe, null);
        assertThat(answer.status()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(nodeAccessLogs().stream()
                .flatMap(EdgeClusterTests::lines).filter(line -> line.contains("probe=" + probe)))
                .singleElement().asString().startsWith("127.0.3.7 "));
    }

    @Test
    void healthIsPublicAndTheOtherActuatorEndpointsStayOnTheNodes() {
        var health = edge.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");

        var metrics = edge.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(404);
        assertThat(metrics.header("Content-Type")).startsWith("application/problem+json");
        assertThat(metrics.code()).isEqualTo("NOT_FOUND");
    }

    private void isRateLimitedProblem(Api.Response answer) {
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Retry-After")).isEqualTo("1");
        var problem = answer.json();
        assertThat(problem.get("type").asString()).isEqualTo("/problems/rate-limited");
        assertThat(problem.get("title").asString()).isEqualTo("Rate limited");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.get("code").asString()).isEqualTo("RATE_LIMITED");
    }

    /** {@code count} POSTs from one client, all released at once; how long until the last was answered. */
    private static Burst burst(Http client, String path, int count) throws Exception {
        var requests = IntStream.range(0, count).mapToObj(i -> client.request(path, null)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))).toList();
        var volley = StartingGun.fireTimed(requests, client::send);
        return new Burst(volley.results(), volley.sinceRelease());
    }

    private record Burst(List<Api.Response> answers, Duration duration) {
    }

    private long requestsServedByAllNodes() {
        long total = 0;
        for (int node = 1; node <= cluster.nodeCount(); node++) {
            total += NodeMetrics.requestsServed(cluster.node(node));
        }
        return total;
    }

    private long requestsToAllNodes(String uriTemplate) {
        long total = 0;
        for (int node = 1; node <= cluster.nodeCount(); node++) {
            total += NodeMetrics.requestsTo(cluster.node(node), uriTemplate);
        }
        return total;
    }

    private static Map<String, byte[]> someStaticFiles(Path root, int most) throws IOException {
        var files = new LinkedHashMap<String, byte[]>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (var walk = Files.walk(root)) {
            for (var file : walk.filter(Files::isRegularFile)
                    .filter(file -> root.relativize(file).toString().matches("[A-Za-z0-9._/-]+")).limit(most).toList()) {
                files.put("/" + root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private List<Path> nodeAccessLogs() throws IOException {
        try (var files = Files.list(cluster.logs())) {
            return files.filter(file -> file.getFileName().toString().matches("node\\d+-access\\.log")).toList();
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
