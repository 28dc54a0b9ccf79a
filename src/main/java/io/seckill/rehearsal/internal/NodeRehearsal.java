package io.seckill.rehearsal.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.seckill.catalog.Catalog;
import io.seckill.catalog.PromoStatus;
import io.seckill.gate.PromoGate;
import io.seckill.platform.RehearsalIds;
import io.seckill.rehearsal.RehearsalProperties;
import io.seckill.stock.StockLedger;
import io.seckill.user.CurrentUser;
import io.seckill.user.Sessions;
import tools.jackson.databind.json.JsonMapper;

/**
 * A node that starts rehearses sales of its own before it reports itself healthy, so that the JIT
 * compiler compiles the buying path then and not during the first real sale, when it took a third of the
 * CPU (BENCHMARKS.md). It stops after a sale during which the compilers were (nearly) idle, after its time
 * or sales at most, or when a real promo opens: its buyers then start no new purchase (a node that joins
 * during a sale serves it as it is, without a rehearsal).
 * Nothing of it remains: its promos, buyers and orders have ids of their own range that no feature stores,
 * counts or broadcasts (RehearsalIds), and its database statements are rolled back.
 */
@Component("rehearsal")
class NodeRehearsal implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(NodeRehearsal.class);
    private static final Duration BUYER_SESSION = Duration.ofMinutes(10);

    private final RehearsalProperties properties;
    private final Catalog catalog;
    private final PromoGate gate;
    private final StockLedger ledger;
    private final Sessions sessions;
    private final JsonMapper json;
    private final RehearsalMark mark;
    private volatile boolean rehearsing;
    private volatile String outcome = "not started";

    NodeRehearsal(RehearsalProperties properties, Catalog catalog, PromoGate gate, StockLedger ledger,
            Sessions sessions, JsonMapper json, RehearsalMark mark) {
        this.properties = properties;
        this.catalog = catalog;
        this.gate = gate;
        this.ledger = ledger;
        this.sessions = sessions;
        this.json = json;
        this.mark = mark;
        this.rehearsing = properties.enabled();
    }

    @EventListener(ApplicationReadyEvent.class)
    void rehearseWhenStarted(ApplicationReadyEvent event) {
        if (!properties.enabled()) {
            outcome = "off";
            return;
        }
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            outcome = "no web server";
            rehearsing = false;
            return;
        }
        int port = web.getWebServer().getPort();
        Thread.ofVirtual().name("rehearsal").start(() -> {
            try {
                outcome = rehearseUnlessASaleIsOn(port);
            } catch (Exception e) {
                outcome = "failed: " + e;
                log.warn("The rehearsal failed; the node serves without it", e);
            } finally {
                rehearsing = false;
            }
        });
    }

    private String rehearseUnlessASaleIsOn(int port) throws InterruptedException {
        if (aSaleIsOn()) {
            log.info("Rehearsal skipped: a sale is on");
            return "skipped: a sale is on";
        }
        return rehearse(port, properties, lookingEvery(Duration.ofMillis(200), this::aSaleIsOn));
    }

    /** Rehearses sales until the compiler is quiet, a bound is reached or {@code stop} says so; says how it went. */
    String rehearse(int port, RehearsalProperties settings, BooleanSupplier stop) throws InterruptedException {
        var started = System.nanoTime();
        var deadline = started + settings.maxDuration().toNanos();
        // Time at most, the sale in progress included: three nodes starting at once on two cores took 24-46 s over
        // one sale of 150 units.
        BooleanSupplier stopOrLate = () -> stop.getAsBoolean() || System.nanoTime() - deadline >= 0;
        var compiler = ManagementFactory.getCompilationMXBean();
        var buyers = openBuyers(settings.unitsPerRound() + settings.clients());
        int rounds = 0;
        int sold = 0;
        RehearsalSale.Outcome last = null;
        try (var client = new RehearsalClient(port, mark.value(), json)) {
            var sale = new RehearsalSale(catalog, gate, ledger, client);
            while (rounds < settings.maxRounds() && !stopOrLate.getAsBoolean()) {
                long compiledBefore = compiler.getTotalCompilationTime();
                long roundStart = System.nanoTime();
                var round = sale.run(settings.unitsPerRound(), settings.clients(), buyers, stopOrLate);
                double millis = (System.nanoTime() - roundStart) / 1e6;
                double compiling = (compiler.getTotalCompilationTime() - compiledBefore) / millis;
                rounds++;
                sold += round.sold();
                last = round;
                log.info("Rehearsal sale {}: {} of {} units in {} ms, {} unexpected answers, buyers who did not buy {}, {} units left, JIT compilers busy {}% of it",
                        rounds, round.sold(), settings.unitsPerRound(), Math.round(millis), round.unexpected(),
                        round.notBought(), round.unitsLeft(), Math.round(compiling * 100));
                if (round.sold() == 0 || compiling < settings.quietCompiler()) {
                    break;
                }
            }
        } finally {
            buyers.forEach(sessions::close);
        }
        var summary = rounds + " sales, " + sold + " units, " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms" + (last == null ? "" : "; the last sale's buyers who did not buy: " + last.notBought() + ", "
                + last.unitsLeft() + " units left");
        log.info("Rehearsal done: {}; the node is ready", summary);
        return "done: " + summary;
    }

    private List<String> openBuyers(int count) {
        var tokens = new ArrayList<String>(count);
        for (int i = 1; i <= count; i++) {
            tokens.add(sessions.open(new CurrentUser(RehearsalIds.of(i), "rehearsal-" + i, false), BUYER_SESSION).token());
        }
        return tokens;
    }

    /** Asks {@code question} at most once per {@code interval}: the buyers ask before every purchase. */
    private static BooleanSupplier lookingEvery(Duration interval, BooleanSupplier question) {
        var answer = new AtomicBoolean();
        var askedAt = new AtomicLong(System.nanoTime() - interval.toNanos());
        return () -> {
            long asked = askedAt.get();
            long now = System.nanoTime();
            if (now - asked >= interval.toNanos() && askedAt.compareAndSet(asked, now)) {
                answer.set(question.getAsBoolean());
            }
            return answer.get();
        };
    }

    private boolean aSaleIsOn() {
        var now = Instant.now();
        return catalog.itemIds().stream().flatMap(item -> catalog.publishedPromosOf(item).stream())
                .anyMatch(promo -> promo.status(now) == PromoStatus.ACTIVE);
    }

    @Override
    public Health health() {
        var health = rehearsing ? Health.outOfService() : Health.up();
        return health.withDetail("rehearsal", rehearsing ? "rehearsing" : outcome).build();
    }
}
