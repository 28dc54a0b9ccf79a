package io.seckill.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import io.seckill.bench.LoadRun.Window;

/** Throughput (top) and latency (bottom) per second of the run, with the phases and the sell-out marked. */
final class Plot {

    private Plot() {
    }

    static void write(Path file, String title, List<Figures.Second> timeline, List<Window> windows, double soldOutSecond)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        var throughput = new XYSeriesCollection();
        var placed = new XYSeries("orders placed (201)/s");
        var all = new XYSeries("all requests/s");
        var flood = new XYSeries("flood rejections/s");
        var baseline = new XYSeries("baseline GET /api/users/me /s");
        var reads = new XYSeries("item reads/s");
        var unknown = new XYSeries("unknown path 404s/s");
        var latency = new XYSeriesCollection();
        var p50 = new XYSeries("p50 all requests (ms)");
        var p99 = new XYSeries("p99 all requests (ms)");
        var orderP99 = new XYSeries("p99 order step (ms)");
        for (var second : timeline) {
            double x = second.second() + 0.5;
            all.add(x, second.requests());
            placed.add(x, second.orders());
            flood.add(x, second.floodRejections());
            baseline.add(x, second.baseline());
            reads.add(x, second.itemReads());
            unknown.add(x, second.unknownPaths());
            if (second.p50() > 0) {
                p50.add(x, second.p50());
            }
            if (second.p99() > 0) {
                p99.add(x, second.p99());
            }
            if (second.orderP99() > 0) {
                orderP99.add(x, second.orderP99());
            }
        }
        for (var series : List.of(all, placed, flood, baseline, reads, unknown)) {
            throughput.addSeries(series);
        }
        for (var series : List.of(p50, p99, orderP99)) {
            latency.addSeries(series);
        }

        var top = new XYPlot(throughput, null, new NumberAxis("requests per second"), renderer(new Color(0x7f7f7f),
                new Color(0x2ca02c), new Color(0xd62728), new Color(0x1f77b4), new Color(0x9467bd), new Color(0x8c564b)));
        var latencyAxis = new LogarithmicAxis("latency (ms, log scale)");
        latencyAxis.setStrictValuesFlag(false);
        latencyAxis.setAutoRangeNextLogFlag(true);
        var bottom = new XYPlot(latency, null, latencyAxis, renderer(new Color(0x17becf), new Color(0xff7f0e),
                new Color(0x000000)));
        var combined = new CombinedDomainXYPlot(new NumberAxis("seconds since the sale opened"));
        combined.add(top, 3);
        combined.add(bottom, 2);
        combined.setGap(12);
        for (var plot : List.of(top, bottom)) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            var marked = new java.util.HashSet<String>();
            for (var window : windows) {
                if (window.startMicros() > 0 && marked.add(window.name())) {
                    plot.addDomainMarker(marker(window.startMicros() / 1e6, plot == top ? window.name() : null, Color.GRAY));
                }
            }
            if (soldOutSecond > 0) {
                var soldOut = marker(soldOutSecond, plot == top ? "sold out" : null, Color.RED);
                soldOut.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
                soldOut.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
                plot.addDomainMarker(soldOut);
            }
        }
        var chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, 800);
    }

    private static XYLineAndShapeRenderer renderer(Color... colors) {
        var renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, colors[i]);
        }
        return renderer;
    }

    private static ValueMarker marker(double x, String label, Color color) {
        var marker = new ValueMarker(x, color, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                new float[] {6, 4}, 0));
        if (label != null) {
            marker.setLabel(label);
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        }
        return marker;
    }
}
