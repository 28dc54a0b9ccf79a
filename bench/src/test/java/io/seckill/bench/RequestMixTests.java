package io.seckill.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.seckill.bench.SalePreparation.Sale;

/** The kinds after the sell-out take turns in slices, each for its own total, no round led by the same kind. */
class RequestMixTests {

    @Test
    void everyKindRunsItsOwnTotalInSlicesTakingTurns() throws Exception {
        var slices = slices("--flood=5", "--baseline=3", "--item-reads=1", "--unknown-paths=2", "--interleave=2");
        assertEquals(List.of(
                "flood 2000", "baseline 2000", "item reads 1000", "unknown path 2000",
                "baseline 1000", "flood 2000",
                "flood 1000"), slices);
    }

    @Test
    void noSlicingRunsOneKindAfterTheOtherAndZeroSkipsAKind() throws Exception {
        var slices = slices("--flood=2", "--baseline=0", "--item-reads=1", "--unknown-paths=1.5", "--interleave=0");
        assertEquals(List.of("flood 2000", "item reads 1000", "unknown path 1500"), slices);
    }

    private static List<String> slices(String... args) throws Exception {
        var settings = Settings.parse(args);
        var slices = new ArrayList<String>();
        try (var http = new Http("http://127.0.0.1:9", "raw", 1, Duration.ofSeconds(1))) {
            new RequestMix(http, settings, new Sale(1, 1, Instant.now(), 0, List.of()), "{}")
                    .run((phase, length, request) -> slices.add(phase + " " + length.toMillis()));
        }
        return slices;
    }
}
