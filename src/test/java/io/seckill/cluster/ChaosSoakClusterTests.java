package io.seckill.cluster;

import static io.seckill.cluster.FaultDrill.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The chaos soak ({@code scripts/chaos}): sales back to back for {@code SECKILL_CHAOS_MINUTES}, each struck in
 * the middle by a fault drawn at random from those the running topology has, each checked as every fault drill
 * is ({@link FaultDrill}). The first broken invariant ends the soak and fails it; the report says which sale.
 * The report and a plot of every sale's recovery go to target/chaos-soak.md and target/chaos-soak.png.
 */
@ClusterTest
@EnabledIfEnvironmentVariable(named = "SECKILL_CHAOS_MINUTES", matches = "[0-9]+")
class ChaosSoakClusterTests {

    private static final Path REPORT = Path.of("target", "chaos-soak.md");
    private static final Path PLOT = Path.of("target", "chaos-soak.png");

    private final Cluster cluster = Cluster.get();
    private final FaultDrill drill = new FaultDrill(cluster);

    private record NamedFault(String name, Function<ClusterShop.Sale, FaultDrill.Fault> strike) {
    }

    @Test
    void chaosSoakKeepsEveryInvariantThroughSalesStruckByRandomFaults() throws Exception {
        var minutes = Duration.ofMinutes(Long.parseLong(System.getenv("SECKILL_CHAOS_MINUTES")));
        var seedSetting = System.getenv("SECKILL_CHAOS_SEED");
        long seed = seedSetting == null || seedSetting.isBlank() ? System.nanoTime() : Long.parseLong(seedSetting);
        var random = new Random(seed);
        var faults = faultsOfThisTopology();
        var sales = new ArrayList<FaultDrill.Result>();
        var started = Instant.now();
        long end = System.nanoTime() + minutes.toNanos();
        Throwable violation = null;
        String striking = null;
        try {
            while (System.nanoTime() < end) {
                var fault = faults.get(random.nextInt(faults.size()));
                striking = fault.name();
                sales.add(drill.run(fault.name(), fault.strike()));
                assertThat(cluster.script(Duration.ofMinutes(4), "up")).as("scripts/cluster up after the sale").isZero();
            }
        } catch (Exception | AssertionError e) {
            violation = e;
            throw e;
        } finally {
            report(started, minutes, seed, faults, sales, violation == null ? null : striking + ": " + violation.getMessage());
        }
        assertThat(sales).as("sales in " + minutes).isNotEmpty();
    }

    /** Every fault the topology can take and come back from by itself; the database promotion is one-way, so not here. */
    private List<NamedFault> faultsOfThisTopology() {
        var faults = new ArrayList<NamedFault>();
        faults.add(new NamedFault("node 2 frozen 10 s", FaultDrill.frozen("node2")));
        faults.add(new NamedFault("node 2 killed", stopped("node2", "--kill")));
        faults.add(new NamedFault("every database connection cut 5 s", stopped("db-link", "--kill")));
        faults.add(new NamedFault("broker (group a's master) killed", stopped("broker", "--kill")));
        if (cluster.brokers().contains("broker-slave")) {
            faults.add(new NamedFault("group a's broker slave killed", stopped("broker-slave", "--kill")));
        }
        if (cluster.redisMasters() > 1) {
            faults.add(new NamedFault("Redis Cluster master killed", FaultDrill.redisMasterKilled(cluster)));
            faults.add(new NamedFault("Redis Cluster master paused past its failover", FaultDrill.redisMasterPaused(cluster)));
        } else if (cluster.redisSentinels()) {
            faults.add(new NamedFault("Redis primary killed (Sentinels)", FaultDrill.sentinelPrimaryKilled(cluster)));
            faults.add(new NamedFault("Redis primary paused past its failover (Sentinels)",
                    FaultDrill.sentinelPrimaryPaused(cluster)));
        } else {
            faults.add(new NamedFault("Redis killed, restarted empty", stopped("redis", "--kill")));
        }
        return faults;
    }

    private void report(Instant started, Duration minutes, long seed, List<NamedFault> faults,
            List<FaultDrill.Result> sales, String violation) throws IOException {
        var text = new StringBuilder();
        text.append("# Chaos soak, ").append(started).append("\n\n");
        var took = Duration.between(started, Instant.now());
        text.append(String.format("%d sales in %d min %d s (asked: %d min), %d units sold, seed %d (`SECKILL_CHAOS_SEED`), "
                + "violations: %d%n%n", sales.size(), took.toMinutes(), took.toSecondsPart(), minutes.toMinutes(), sales.stream().mapToLong(FaultDrill.Result::unitsSold).sum(), seed,
                violation == null ? 0 : 1));
        text.append("Faults drawn from: ").append(String.join("; ", faults.stream().map(NamedFault::name).toList()))
                .append("\n\n");
        if (violation != null) {
            text.append("**Sale ").append(sales.size() + 1).append(" broke an invariant:** ")
                    .append(violation.lines().filter(line -> !line.isBlank()).limit(3).toList()).append("\n\n");
        }
        text.append("| sale | fault | stopping took | restart to first new order | books balanced after the race "
                + "| orders while down | units sold |\n|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < sales.size(); i++) {
            var sale = sales.get(i);
            text.append(String.format("| %d | %s | %.1f s | %s | %.1f s | %d | %d |%n", i + 1, sale.fault(),
                    sale.stopping(), sale.recovery().isPresent() ? String.format("%.1f s", sale.recovery().getAsDouble())
                            : "sold out before", sale.balanced(), sale.whileDown(), sale.unitsSold()));
        }
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, text);
        System.out.println(text);
        plot(sales);
    }

    private static void plot(List<FaultDrill.Result> sales) throws IOException {
        System.setProperty("java.awt.headless", "true");
        var recovery = new XYSeries("restart to first new order (s)");
        var balanced = new XYSeries("books balanced after the race (s)");
        for (int i = 0; i < sales.size(); i++) {
            int sale = i + 1;
            sales.get(i).recovery().ifPresent(seconds -> recovery.add(sale, seconds));
            balanced.add(sale, sales.get(i).balanced());
        }
        var series = new XYSeriesCollection();
        series.addSeries(recovery);
        series.addSeries(balanced);
        var chart = ChartFactory.createXYLineChart("Chaos soak: recovery of every sale", "sale", "seconds", series,
                PlotOrientation.VERTICAL, true, false, false);
        var renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, new Color(0xd62728));
        renderer.setSeriesPaint(1, new Color(0x1f77b4));
        chart.getXYPlot().setRenderer(renderer);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ChartUtils.saveChartAsPNG(PLOT.toFile(), chart, 1000, 450);
    }
}
