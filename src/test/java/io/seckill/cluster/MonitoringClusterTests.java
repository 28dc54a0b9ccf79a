package io.seckill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Prometheus of the topology sees all of it: every node, Redis, the database and nginx through Debian's
 * exporters, and its rules loaded. Skipped when the topology runs without it (SECKILL_CLUSTER_PROMETHEUS=off).
 */
@ClusterTest
class MonitoringClusterTests {

    private final Cluster cluster = Cluster.get();

    @Test
    void prometheusScrapesEveryNodeAndEveryExporterAndEachTargetIsUp() {
        var prometheus = cluster.prometheus();
        Assumptions.assumeTrue(prometheus.isPresent(), "this topology runs without Prometheus");
        var http = prometheus.get();

        // the first scrapes come within one interval (5 s) of the start
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var targets = http.get("/api/v1/targets?state=active", null).json().at("/data/activeTargets");
            Map<String, Integer> upByJob = new HashMap<>();
            targets.forEach(target -> {
                assertThat(target.get("health").asString()).as(target.toString()).isEqualTo("up");
                upByJob.merge(target.at("/labels/job").asString(), 1, Integer::sum);
            });
            assertThat(upByJob).containsEntry("seckill", cluster.nodeCount()).containsEntry("redis", 1)
                    .containsEntry("mariadb", 1).containsEntry("nginx", 1);
        });
        // the exporters reach what they watch, not only answer
        for (var up : new String[] {"redis_up", "mysql_up", "nginx_up"}) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    http.get("/api/v1/query?query=" + up, null).json().at("/data/result/0/value/1").asString())
                    .as(up).isEqualTo("1"));
        }
        var rules = http.get("/api/v1/rules?type=alert", null).json().at("/data/groups");
        assertThat(rules.toString()).contains("SeckillSaleStalled", "SeckillBooksApart", "SeckillBrokerDown");
    }
}
