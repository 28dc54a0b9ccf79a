package io.seckill.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.seckill.bench.SalePreparation.Sale;
import io.seckill.bench.Samples.Sample;
import io.seckill.bench.Samples.Step;

/**
 * A step's answers measured in two parts: the shed ones (BUSY, RATE_LIMITED, a bare 429 or 503: turned away at
 * once for load) and the admitted ones, every other answer, a late one included. Captcha: 100 answers 200 in
 * 50 ms and a TIMEOUT after 1 s are admitted; 50 BUSY in 1 ms, 30 RATE_LIMITED in 2 ms and 20 HTTP_503 in 3 ms
 * are shed. Token: 100 answers 201 in 10 ms, nothing shed.
 */
class AdmittedAndShedTests {

    private static final double HISTOGRAM_PRECISION = 0.05; // ms: HdrHistogram keeps 3 significant digits

    private final List<Sample> samples = new ArrayList<>();

    AdmittedAndShedTests() {
        answers(Step.CAPTCHA, "200", 100, 50);
        answers(Step.CAPTCHA, "TIMEOUT", 1, 1_000);
        answers(Step.CAPTCHA, "BUSY", 50, 1);
        answers(Step.CAPTCHA, "RATE_LIMITED", 30, 2);
        answers(Step.CAPTCHA, "HTTP_503", 20, 3);
        answers(Step.TOKEN, "201", 100, 10);
    }

    @Test
    void shedAnswersAreMeasuredApartFromTheAdmittedOnes() {
        var captcha = Figures.of(samples, List.of()).split.get(Step.CAPTCHA);

        assertEquals(101, captcha.admitted().count(), "the 200s and the TIMEOUT");
        assertEquals(50, captcha.admitted().p50(), HISTOGRAM_PRECISION);
        assertEquals(50, captcha.admitted().p99(), HISTOGRAM_PRECISION);
        assertEquals(1_000, captcha.admitted().max(), 1);
        assertEquals(100, captcha.shed().count(), "BUSY, RATE_LIMITED and HTTP_503");
        assertEquals(1, captcha.shed().p50(), HISTOGRAM_PRECISION);
        assertEquals(3, captcha.shed().p99(), HISTOGRAM_PRECISION);
        assertEquals(3, captcha.shed().max(), HISTOGRAM_PRECISION);
    }

    @Test
    void theLatencyOfAllAnswersStillCountsEveryAnswer() {
        var captcha = Figures.of(samples, List.of()).steps.get(Step.CAPTCHA);

        assertEquals(201, captcha.count());
        assertEquals(Map.of("200", 100L, "TIMEOUT", 1L, "BUSY", 50L, "RATE_LIMITED", 30L, "HTTP_503", 20L),
                captcha.byOutcome());
    }

    @Test
    void aStepThatShedNothingHasNoShedPartAndNoShedP99() {
        var figures = Figures.of(samples, List.of());

        assertNull(figures.split.get(Step.TOKEN).shed());
        assertEquals(100, figures.split.get(Step.TOKEN).admitted().count());
        assertEquals(List.of("captcha"), List.copyOf(figures.shedP99().keySet()));
        assertEquals(List.of("captcha", "token"),
                List.copyOf(figures.admittedP99(List.of(Step.CAPTCHA, Step.TOKEN, Step.ORDER)).keySet()),
                "a step without answers has no p99");
    }

    @Test
    void theReportShowsBothPartsPerStepAndBothTargetsInMarkdownAndJson() {
        answers(Step.ORDER, "201", 100, 90);
        var report = report("--clients=2000");

        var md = report.markdown(); // HdrHistogram's figures: 3 significant digits, the top of a value's bucket
        assertTrue(md.contains("| step | admitted | p50 | p99 | max | shed | p50 | p99 | max |"), md);
        assertTrue(md.contains("| token | 100 | 10.01 | 10.01 | 10.01 | 0 | - | - | - |"), md);
        assertTrue(md.contains("| captcha | 101 | "), md);
        assertTrue(md.contains("| C >= 10x: admitted captcha/token/order p99 | <= 100 ms | captcha 50.02 / token 10.01 / order "
                + "90.05 | met |"), md);
        assertTrue(md.contains("| shed answers p99 | < 5 ms | captcha 3.0 | met |"), md);
        var headline = (Map<?, ?>) report.json.get("headline");
        assertEquals(Map.of("captcha", 50.02, "token", 10.01, "order", 90.05), headline.get("admittedP99Ms"));
        assertEquals(Map.of("captcha", 3.0), headline.get("shedP99Ms"));
        assertTrue(((Map<?, ?>) report.json.get("admittedAndShed")).containsKey(Step.CAPTCHA));
    }

    private Report report(String... args) {
        var settings = Settings.parse(args);
        var sale = new Sale(1, 1, Instant.now(), 0, List.of());
        var load = new LoadRun.Result(null, List.of(), List.of(), Map.of(), 0, Long.MAX_VALUE, Long.MAX_VALUE, -1, 0);
        return new Report("test", settings, "test", sale, load, Figures.of(samples, List.of()), null, 0, -1, "0");
    }

    private void answers(Step step, String outcome, int count, long millis) {
        for (int i = 0; i < count; i++) {
            samples.add(new Sample(step, outcome, samples.size(), millis * 1000));
        }
    }
}
