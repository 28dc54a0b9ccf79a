package io.seckill.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.bench.InvariantChecker.Result;
import io.seckill.bench.SalePreparation.Sale;
import io.seckill.bench.Samples.Step;

/** The run's report: report.json (everything), report.md (for people), plot.png, confirmed-orders.txt. */
final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    final Map<String, Object> json = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();
    private final Figures figures;
    private final LoadRun.Result load;
    private final Result check;
    private final List<Targets.Target> targets;

    Report(String label, Settings settings, String target, Sale sale, LoadRun.Result load, Figures figures, Result check,
            long preparationMillis, long captchasAhead, String loadBefore) {
        this.figures = figures;
        this.load = load;
        this.check = check;
        int quantity = settings.integer("quantity");
        long orders = load.confirmed().size();
        boolean soldOut = orders * quantity >= settings.stock() || load.firstSoldOutMicros() != Long.MAX_VALUE;
        double sellOutSeconds = soldOut && load.lastOrderMicros() > 0 ? load.lastOrderMicros() / 1e6 : Double.NaN;
        var flood = figures.phase("flood");
        var baseline = figures.phase("baseline");
        var reads = figures.phase("item reads");
        var unknown = figures.phase("unknown path");
        var selling = figures.phase("sale");
        Double ratio = Targets.ratio(flood == null ? null : flood.rejectionsPerSecond(), successes(baseline));
        long units = orders * quantity;
        double ordersPerSecond = load.lastOrderMicros() > 0 ? Figures.round(orders / (load.lastOrderMicros() / 1e6)) : 0;
        Double appCpuPerUnit = selling == null || selling.applicationCpuSeconds() == null ? null
                : Figures.millisEach(selling.applicationCpuSeconds(), units);
        Double loadGeneratorCpuPerUnit = selling == null ? null : Figures.millisEach(selling.loadGeneratorCpuSeconds(), units);
        Double authenticatedToRead = Targets.ratio(successes(baseline), successes(reads));
        Double unknownToRead = Targets.ratio(successes(unknown), successes(reads));
        var admittedP99 = figures.admittedP99(List.of(Step.CAPTCHA, Step.TOKEN, Step.ORDER));
        var shedP99 = figures.shedP99();
        this.targets = Targets.of(new Targets.Measured(load.lastOrderMicros() > 0 ? ordersPerSecond : null, appCpuPerUnit,
                authenticatedToRead, unknownToRead, ratio, settings.clients(), admittedP99, shedP99));

        json.put("label", label);
        json.put("finishedAt", Instant.now().toString());
        json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "memoryGiB", memoryGiB(),
                "loadGeneratorJava", Runtime.version().toString(), "loadAverageBefore", loadBefore,
                "loadAverageAfter", loadAverage()));
        json.put("target", target);
        json.put("settings", settings.asMap());
        var headline = new LinkedHashMap<String, Object>();
        headline.put("stock", settings.stock());
        headline.put("users", sale.buyers().size());
        headline.put("clients", settings.clients());
        headline.put("itemId", sale.itemId());
        headline.put("promoId", sale.promoId());
        headline.put("preparationSeconds", Figures.round(preparationMillis / 1000.0));
        headline.put("captchasDrawnAhead", captchasAhead < 0 ? null : captchasAhead);
        headline.put("soldOut", soldOut);
        headline.put("timeToSellOutSeconds", Double.isNaN(sellOutSeconds) ? null : Figures.round(sellOutSeconds));
        headline.put("firstOrderSeconds", load.firstOrderMicros() == Long.MAX_VALUE ? null : load.firstOrderMicros() / 1e6);
        headline.put("firstSoldOutSeconds", load.firstSoldOutMicros() == Long.MAX_VALUE ? null
                : load.firstSoldOutMicros() / 1e6);
        headline.put("successfulOrders", orders);
        headline.put("unitsConfirmed", orders * quantity);
        headline.put("successfulOrdersPerSecond", ordersPerSecond);
        headline.put("applicationCpuMsPerSoldUnit", appCpuPerUnit);
        headline.put("loadGeneratorCpuMsPerSoldUnit", loadGeneratorCpuPerUnit);
        headline.put("floodRejectionsPerSecond", flood == null ? null : flood.rejectionsPerSecond());
        headline.put("baselineGetsPerSecond", baseline == null ? null : baseline.successesPerSecond());
        headline.put("floodToBaselineRatio", ratio);
        headline.put("itemReadsPerSecond", reads == null ? null : reads.successesPerSecond());
        headline.put("unknownPathsPerSecond", successes(unknown));
        headline.put("authenticatedToItemReadRatio", authenticatedToRead);
        headline.put("unknownPathToItemReadRatio", unknownToRead);
        headline.put("cpuMsPerRequest", figures.cpuMsPerRequest());
        headline.put("admittedP99Ms", admittedP99);
        headline.put("shedP99Ms", shedP99);
        headline.put("buyersTried", load.buyersTried());
        headline.put("buyerEndings", load.endings());
        json.put("headline", headline);
        json.put("targets", targets);
        json.put("steps", figures.steps);
        json.put("admittedAndShed", figures.split);
        json.put("confirmedOrderLatency", figures.confirmedOrders);
        json.put("phases", figures.phases);
        json.put("invariants", check == null ? null : InvariantChecker.toJson(check));
        json.put("timeline", figures.timeline);
        markdown(label, settings, target, headline);
    }

    Path write(Path folder, String label) throws IOException {
        Files.createDirectories(folder);
        JSON.writeValue(folder.resolve("report.json").toFile(), json);
        Files.writeString(folder.resolve("report.md"), md);
        Files.writeString(folder.resolve("confirmed-orders.txt"), load.confirmed().stream()
                .map(c -> c.orderId() + " " + c.userId()).collect(Collectors.joining("\n", "", "\n")));
        var headline = (Map<?, ?>) json.get("headline");
        var soldOutAt = headline.get("timeToSellOutSeconds");
        Plot.write(folder.resolve("plot.png"), "Seckill " + label, figures.timeline, load.windows(),
                soldOutAt == null ? 0 : ((Number) soldOutAt).doubleValue());
        return folder;
    }

    String markdown() {
        return md.toString();
    }

    private void markdown(String label, Settings settings, String target, Map<String, Object> h) {
        line("# Seckill benchmark " + label);
        line("");
        line("Finished " + json.get("finishedAt") + ". Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + memoryGiB() + " GiB; the load generator (Java " + Runtime.version().feature()
                + ", " + (settings.text("engine").equals("raw") ? "minimal HTTP/1.1 client" : "JDK HttpClient")
                + ", one virtual thread per client) runs on the same machine. Load average before the run: "
                + ((Map<?, ?>) json.get("machine")).get("loadAverageBefore") + " (other work on the machine skews the figures).");
        line("Target: " + target + ".");
        line("Sale: S = " + settings.stock() + " units, U = " + h.get("users") + " buyers, C = " + settings.clients()
                + " clients, " + settings.integer("quantity") + " unit(s) per order, per-user limit "
                + settings.integer("per-user-limit") + ". Item " + h.get("itemId") + ", promo " + h.get("promoId") + ".");
        // A sale short of pictures draws the rest on its requests: a tenth of a node's CPU (BENCHMARKS.md, 2026-12-07).
        line("Captcha pictures drawn ahead when the sale was published: "
                + (h.get("captchasDrawnAhead") == null ? "unknown (the server does not tell)" : h.get("captchasDrawnAhead"))
                + "; a buyer's captcha beyond them is drawn on the request.");
        line("");
        line("| figure | value |");
        line("|---|---|");
        row("time to sell out (sale opened -> last 201)", seconds(h.get("timeToSellOutSeconds")));
        row("first order / first SOLD_OUT", seconds(h.get("firstOrderSeconds")) + " / " + seconds(h.get("firstSoldOutSeconds")));
        row("successful orders (units)", h.get("successfulOrders") + " (" + h.get("unitsConfirmed") + ")");
        row("successful orders/s", h.get("successfulOrdersPerSecond"));
        row("CPU per sold unit (sale): application / load generator", millis(h.get("applicationCpuMsPerSoldUnit")) + " / "
                + millis(h.get("loadGeneratorCpuMsPerSoldUnit")));
        row("flood: rejections/s after sell-out", h.get("floodRejectionsPerSecond"));
        row("baseline: GET /api/users/me /s", h.get("baselineGetsPerSecond"));
        row("ratio flood rejections / baseline", h.get("floodToBaselineRatio"));
        row("item reads: GET /api/items/{id} /s", h.get("itemReadsPerSecond"));
        row("ratio baseline / item reads", h.get("authenticatedToItemReadRatio"));
        row("unknown path: GET " + RequestMix.UNKNOWN_PATH + " 404 NOT_FOUND /s", h.get("unknownPathsPerSecond"));
        row("ratio unknown path / item reads", h.get("unknownPathToItemReadRatio"));
        row("buyers tried / how they ended", h.get("buyersTried") + " / " + h.get("buyerEndings"));
        line("");
        line("## Targets (issue 13)");
        line("");
        Targets.table(targets).forEach(this::line);
        line("");
        line("## Latency per step (ms)");
        line("");
        line("| step | requests | p50 | p90 | p99 | max | outcomes |");
        line("|---|---|---|---|---|---|---|");
        figures.steps.forEach((step, f) -> stepRow(step.label, f));
        if (figures.confirmedOrders != null) {
            stepRow("order, 201 only", figures.confirmedOrders);
        }
        line("");
        line("Admitted and shed apart: shed answers are those the server turned away at once for load, to come back "
                + "after Retry-After (BUSY, RATE_LIMITED, a bare 429 or 503); admitted ones are all the others.");
        line("");
        line("| step | admitted | p50 | p99 | max | shed | p50 | p99 | max |");
        line("|---|---|---|---|---|---|---|---|---|");
        figures.split.forEach((step, split) -> line("| " + step.label + " | " + partCells(split.admitted()) + " | "
                + partCells(split.shed()) + " |"));
        line("");
        line("## Requests per second by outcome");
        line("");
        line("| phase | seconds | requests | requests/s | by outcome (/s) | cores used: load generator / app "
                + "| CPU ms per request: load generator / app |");
        line("|---|---|---|---|---|---|---|");
        for (var phase : figures.phases) {
            line("| " + phase.name() + " | " + phase.seconds() + " | " + phase.requests() + " | " + phase.perSecond() + " | "
                    + phase.perSecondByOutcome() + " | " + phase.loadGeneratorCores() + " / "
                    + (phase.applicationCores() == null ? "?" : phase.applicationCores()) + " | "
                    + orUnknown(phase.loadGeneratorCpuMsPerRequest()) + " / " + orUnknown(phase.applicationCpuMsPerRequest())
                    + " |");
        }
        line("");
        line("## Invariants");
        line("");
        if (check == null) {
            line("Not checked (--check=false).");
        } else {
            line("Sold " + check.sold() + " of " + check.stock() + " units in " + check.liveOrders() + " live orders; counter "
                    + check.counter() + ", database stock " + check.dbStock() + "; stock log settled after "
                    + check.waitedMillis() + " ms.");
            line("");
            line(check.ok() ? "**All invariants hold.**" : "**VIOLATED:**");
            check.violations().forEach(v -> line("- " + v));
        }
        line("");
        line("![throughput and latency over time](plot.png)");
    }

    private void stepRow(String name, Figures.StepFigures f) {
        line("| " + name + " | " + f.count() + " | " + f.p50() + " | " + f.p90() + " | " + f.p99() + " | " + f.max() + " | "
                + f.byOutcome() + " |");
    }

    /** Count, p50, p99 and max of a part of a step's answers, or a count of 0 when it had none. */
    private static String partCells(Figures.StepFigures f) {
        return f == null ? "0 | - | - | -" : f.count() + " | " + f.p50() + " | " + f.p99() + " | " + f.max();
    }

    private void row(String name, Object value) {
        line("| " + name + " | " + (value == null ? "-" : value) + " |");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

    private static String millis(Object value) {
        return value == null ? "-" : value + " ms";
    }

    private static String orUnknown(Object value) {
        return value == null ? "?" : value.toString();
    }

    /** A phase's expected answers per second, or null when the phase did not run. */
    private static Double successes(Figures.PhaseFigures phase) {
        return phase == null ? null : phase.successesPerSecond();
    }

    private static String seconds(Object value) {
        return value == null ? "-" : String.format("%.3f s", ((Number) value).doubleValue());
    }

    /** The 1, 5 and 15 minute load averages, to tell a run on a busy machine. */
    static String loadAverage() {
        try {
            var parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static double memoryGiB() {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return Figures.round(kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return 0;
    }
}
