package io.seckill.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small run of the one command end to end: the bench starts the application jar on the machine's MariaDB and
 * Redis (scratch schema and index), sells 200 units to 1,000 buyers, runs the request mix after the sell-out, and
 * checks the invariants. It asserts the invariants, that a report was written with its costs and targets, and that
 * the unknown path was answered 404 NOT_FOUND, never a speed.
 */
class SmallBenchmarkTests {

    @Test
    void aSmallSaleKeepsEveryInvariantAndWritesTheReport() throws Exception {
        var settings = Settings.parse("--app-jar=" + ScratchEngines.applicationJar(), "--stock=200", "--users=1000",
                "--clients=100", "--sale-timeout=20", "--flood=2", "--baseline=2", "--item-reads=1", "--unknown-paths=1",
                "--warmup=1", "--rehearsals=0", "--drain-timeout=40", "--label=test",
                // the node's own rehearsal at start, but a short one: this test proves the run, not a speed
                "--app-args=--seckill.rehearsal.units-per-round=100 --seckill.rehearsal.max-rounds=1",
                "--db-url=jdbc:mariadb://" + ScratchEngines.HOST + ":3306/seckill_bench_it", "--redis-host=" + ScratchEngines.HOST,
                "--redis-db=13", "--results=" + System.getProperty("seckill.bench.output", "target/bench-test-results"));

        var outcome = Bench.run(settings);

        var check = outcome.check();
        assertTrue(check.ok(), () -> "invariants violated: " + check.violations());
        assertEquals(200, check.sold(), "1,000 buyers want more than 200 units: all of them are sold");
        assertEquals(0L, check.counter());
        assertEquals(0L, check.dbStock());
        var headline = (java.util.Map<?, ?>) outcome.report().json.get("headline");
        assertEquals(200L, ((Number) headline.get("successfulOrders")).longValue(), "every unit sold was confirmed to a client");
        for (var file : new String[] {"report.json", "report.md", "plot.png", "confirmed-orders.txt", "app.log"}) {
            assertTrue(Files.size(outcome.folder().resolve(file)) > 0, file + " written");
        }
        costsAndTargetsAreReported(JsonMapper.builder().build().readTree(outcome.folder().resolve("report.json").toFile()));
    }

    /** What a request and a sold unit cost, the request mix and the targets: present, whatever their values. */
    private static void costsAndTargetsAreReported(JsonNode report) {
        var headline = report.get("headline");
        for (var field : List.of("successfulOrdersPerSecond", "floodToBaselineRatio", "baselineGetsPerSecond",
                "itemReadsPerSecond", "applicationCpuMsPerSoldUnit", "loadGeneratorCpuMsPerSoldUnit", "unknownPathsPerSecond",
                "authenticatedToItemReadRatio", "unknownPathToItemReadRatio", "captchasDrawnAhead")) {
            assertTrue(headline.hasNonNull(field), field + " in the headline");
        }
        var phases = new HashMap<String, JsonNode>();
        report.get("phases").forEach(phase -> phases.put(phase.get("name").asString(), phase));
        assertEquals(Set.of("sale", "flood", "baseline", "item reads", "unknown path"), phases.keySet());
        for (var name : phases.keySet()) {
            var cost = headline.get("cpuMsPerRequest").get(name);
            assertTrue(cost.hasNonNull("application") && cost.hasNonNull("loadGenerator"), "CPU per request of " + name);
            assertTrue(phases.get(name).hasNonNull("applicationCpuMsPerRequest"), "CPU per request in phase " + name);
        }
        var unknown = phases.get("unknown path");
        assertTrue(unknown.get("perSecondByOutcome").path("NOT_FOUND").asDouble() > 0, () -> "unknown paths answered "
                + unknown.get("perSecondByOutcome") + ", not 404 NOT_FOUND");
        assertEquals(unknown.get("perSecondByOutcome").path("NOT_FOUND").asDouble(), unknown.get("successesPerSecond").asDouble(),
                "404 NOT_FOUND is the unknown path's right answer");
        assertTrue(report.get("steps").get("UNKNOWN_PATH").get("byOutcome").path("NOT_FOUND").asLong() > 0);
        var targets = report.get("targets");
        assertEquals(7, targets.size());
        for (int i = 0; i < 5; i++) {
            var target = targets.get(i);
            assertTrue(target.hasNonNull("measured"), () -> "every target measured by a full run: " + target);
            assertTrue(Set.of("met", "not met").contains(target.get("verdict").asString()), target::toString);
        }
        var tenTimesClients = targets.get(5);
        assertEquals("-", tenTimesClients.get("verdict").asString(), "C = 100 is not ten times the clients");
        assertEquals(Set.of("captcha", "token", "order"), Set.copyOf(tenTimesClients.get("byStep").propertyNames()),
                "the admitted p99s shown all the same");
        assertTrue(Set.of("met", "not met", "-").contains(targets.get(6).get("verdict").asString()), "shed, if any");
    }
}
