package io.seckill.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/**
 * A small run of the one command end to end: the bench starts the application jar on the machine's MariaDB and
 * Redis (scratch schema and index), sells 200 units to 1,000 buyers, floods, and checks the invariants.
 * It asserts the invariants and that a report was written, never a speed.
 */
class SmallBenchmarkTests {

    @Test
    void aSmallSaleKeepsEveryInvariantAndWritesTheReport() throws Exception {
        var settings = Settings.parse("--app-jar=" + ScratchEngines.applicationJar(), "--stock=200", "--users=1000",
                "--clients=100", "--sale-timeout=20", "--flood=2", "--baseline=2", "--item-reads=1", "--warmup=1",
                "--rehearsals=0", "--drain-timeout=40", "--label=test",
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
    }
}
