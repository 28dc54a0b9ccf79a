package io.seckill.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.seckill.bench.InvariantChecker.Confirmed;
import io.seckill.bench.LoadRun.Ending;

/**
 * {@code run}: prepare a sale, drive the load, check the invariants, write the report.
 * {@code check}: only the invariant checks, for a promo of a run made elsewhere.
 * Exit status: 0 all good, 1 an invariant broke, 2 the run itself failed.
 */
public final class Bench {

    /** What a run left behind. */
    public record Outcome(Path folder, Report report, InvariantChecker.Result check) {
        public boolean ok() {
            return check == null || check.ok();
        }
    }

    private Bench() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        var command = args.length == 0 || args[0].startsWith("--") ? "run" : args[0];
        var rest = args.length > 0 && !args[0].startsWith("--") ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (command.equals("help") || Arrays.asList(rest).contains("--help")) {
            System.out.println("""
                    usage: bench [run] [--option=value ...]     prepare a sale, load it, check the invariants, report
                           bench check --promo=ID [...]         check the invariants of a promo only
                    options:""");
            System.out.println(Settings.help());
            System.exit(0);
        }
        try {
            var settings = Settings.parse(rest);
            boolean ok = switch (command) {
                case "run" -> run(settings).ok();
                case "check" -> check(settings).ok();
                default -> throw new IllegalArgumentException("unknown command " + command + " (run, check, help)");
            };
            System.exit(ok ? 0 : 1);
        } catch (Exception e) {
            System.err.println("bench failed: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    public static Outcome run(Settings settings) throws Exception {
        var stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        var label = settings.text("label").isBlank() ? "S" + settings.stock() + "-C" + settings.clients() : settings.text("label");
        var folder = settings.resultsRoot().resolve(stamp + "-" + label);
        Files.createDirectories(folder);
        var password = adminPassword(settings);
        settings = settings.with("admin-password", password);
        var loadBefore = Report.loadAverage();
        AppProcess app = null;
        LoadRun.Result load = null;
        try {
            String target;
            if (settings.startsApp()) {
                app = AppProcess.start(settings, folder, password);
                target = app.baseUrl() + " (started by the bench: " + AppProcess.jar(settings).getFileName() + ", JVM "
                        + app.jvmArgs() + (settings.text("app-args").isBlank() ? "" : ", args "
                        + settings.text("app-args")) + "; MariaDB " + settings.text("db-url") + ", Redis "
                        + settings.text("redis-host") + ":" + settings.text("redis-port") + "/" + settings.text("redis-db")
                        + ", RocketMQ " + app.nameServer() + ")";
            } else {
                target = settings.text("base-url");
            }
            var baseUrl = app != null ? app.baseUrl() : settings.text("base-url");
            try (var http = new Http(baseUrl, settings.text("engine"), settings.integer("http-clients"),
                    settings.seconds("request-timeout"))) {
                long prepared = System.nanoTime();
                var preparation = new SalePreparation(http, settings);
                preparation.login();
                System.out.println("Creating " + settings.users() + " buyers with sessions...");
                var buyers = preparation.buyers("b" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36),
                        settings.users());
                long itemId = preparation.item("Bench item " + stamp);
                Clients.warmUp(http, settings, buyers, itemId);
                var finalApp = app;
                LoadRun.CpuMeter cpu = () -> new double[] {ownCpuSeconds(),
                        finalApp == null ? Double.NaN : finalApp.cpuSeconds()};
                var quiet = settings.with("flood", 0).with("baseline", 0).with("item-reads", 0)
                        .with("unknown-paths", 0);
                for (int i = 1; i <= settings.integer("rehearsals"); i++) {
                    var rehearsal = preparation.open(preparation.item("Rehearsal " + i + " " + stamp), buyers);
                    System.out.println("Rehearsal " + i + ": promo " + rehearsal.promoId() + " opens at " + rehearsal.startAt());
                    var result = new LoadRun(http, quiet, rehearsal, cpu).run();
                    System.out.println("Rehearsal " + i + ": " + result.confirmed().size() + " orders, last after "
                            + result.lastOrderMicros() / 1000 + " ms");
                }
                // Also without rehearsals of the bench's own: the node's rehearsal and the bench's buyers kept it
                // too busy to draw ahead, and a sale published ahead of its start finds the pictures there.
                long captchasAhead = preparation.settle();
                if (captchasAhead >= 0) {
                    System.out.println("Captcha pictures drawn ahead: " + captchasAhead);
                }
                var sale = preparation.open(itemId, buyers);
                long preparationMillis = (System.nanoTime() - prepared) / 1_000_000;
                System.out.println("Sale of item " + itemId + " (promo " + sale.promoId() + ") opens at " + sale.startAt()
                        + "; " + settings.clients() + " clients ready");
                load = new LoadRun(http, settings, sale, cpu).run();
                System.out.println("Load done; checking invariants...");
                InvariantChecker.Result check = null;
                if (settings.flag("check")) {
                    long wanted = (load.endings().getOrDefault(Ending.BOUGHT, 0L) + load.endings().getOrDefault(Ending.SOLD_OUT, 0L)
                            + load.endings().getOrDefault(Ending.GATE_CLOSED, 0L)) * settings.integer("quantity");
                    check = new InvariantChecker(Engines.database(settings), Engines.redis(settings)).check(
                            new InvariantChecker.Request(sale.promoId(), settings.stock(), wanted, load.confirmed(),
                                    settings.seconds("drain-timeout")));
                }
                var figures = Figures.of(load.samples().all(), load.windows());
                var report = new Report(label, settings, target, sale, load, figures, check, preparationMillis,
                        captchasAhead, loadBefore);
                report.write(folder, label);
                System.out.println(report.markdown());
                System.out.println("Results: " + folder.toAbsolutePath());
                if (check != null && !check.ok()) {
                    System.err.println("INVARIANTS VIOLATED:");
                    check.violations().forEach(v -> System.err.println("  " + v));
                }
                return new Outcome(folder, report, check);
            }
        } finally {
            if (app != null) {
                System.out.println("Stopping the application...");
                app.close();
                var recording = folder.resolve("app.jfr");
                if (load != null && settings.flag("jfr") && Files.exists(recording)) {
                    try {
                        JfrSummary.write(recording, folder.resolve("profile.md"), load);
                        System.out.println("Profile: " + folder.toAbsolutePath().resolve("profile.md"));
                    } catch (Exception e) {
                        System.err.println("could not summarise " + recording + ": " + e);
                    }
                }
            }
        }
    }

    static InvariantChecker.Result check(Settings settings) throws Exception {
        long promo = settings.integer("promo");
        if (promo <= 0) {
            throw new IllegalArgumentException("check needs --promo=ID");
        }
        var confirmed = new ArrayList<Confirmed>();
        if (!settings.text("confirmed").isBlank()) {
            for (var line : Files.readAllLines(Path.of(settings.text("confirmed")))) {
                var parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    confirmed.add(new Confirmed(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
                }
            }
        }
        var result = new InvariantChecker(Engines.database(settings), Engines.redis(settings)).check(
                new InvariantChecker.Request(promo, settings.integer("stock-expected"), settings.integer("demand"),
                        List.copyOf(confirmed), settings.seconds("drain-timeout")));
        System.out.println("promo " + promo + ": sold " + result.sold() + " of " + result.stock() + ", counter "
                + result.counter() + ", database stock " + result.dbStock() + ", " + confirmed.size()
                + " confirmed orders checked");
        if (result.ok()) {
            System.out.println("All invariants hold.");
        } else {
            result.violations().forEach(v -> System.err.println("VIOLATED " + v));
        }
        return result;
    }

    private static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static String adminPassword(Settings settings) {
        if (!settings.text("admin-password").isBlank()) {
            return settings.text("admin-password");
        }
        var fromEnv = System.getenv("SECKILL_ADMIN_PASSWORD");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        if (!settings.startsApp()) {
            throw new IllegalArgumentException("--admin-password (or SECKILL_ADMIN_PASSWORD) is needed with --base-url");
        }
        var bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "bench-" + HexFormat.of().formatHex(bytes);
    }
}
