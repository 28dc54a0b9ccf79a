package io.seckill.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.seckill.bench.InvariantChecker.Confirmed;
import io.seckill.bench.SalePreparation.Buyer;
import io.seckill.bench.SalePreparation.Sale;
import io.seckill.bench.Samples.Buffer;
import io.seckill.bench.Samples.Step;

/**
 * The load: C clients (virtual threads) released together when the promo opens, each taking buyers one after
 * another through captcha, token and order; then, after the sell-out, the {@link RequestMix}.
 */
final class LoadRun {

    /** When a phase ran, in microseconds since the sale started, and the CPU seconds spent meanwhile. */
    record Window(String name, long startMicros, long endMicros, double loadGeneratorCpu, double applicationCpu) {
        double seconds() {
            return Math.max(1, endMicros - startMicros) / 1e6;
        }
    }

    /** CPU seconds used so far by the load generator and by the application (NaN when not known). */
    interface CpuMeter {
        double[] read();
    }

    /** How a buyer's attempt ended. */
    enum Ending { BOUGHT, SOLD_OUT, ALREADY_PURCHASED, GATE_CLOSED, NOT_ACTIVE, GAVE_UP, OTHER }

    /** Everything the report and the checks need. */
    record Result(Samples samples, List<Window> windows, List<Confirmed> confirmed, Map<Ending, Long> endings,
            int buyersTried, long firstSoldOutMicros, long firstOrderMicros, long lastOrderMicros, long originEpochMillis) {

        /** The wall-clock instant of a time in microseconds since the sale opened. */
        java.time.Instant instant(long micros) {
            return java.time.Instant.ofEpochMilli(originEpochMillis).plusNanos(micros * 1000);
        }
    }

    private static final int FLOWS_PER_BUYER = 4;

    private final Http http;
    private final Settings settings;
    private final Sale sale;
    private final int clients;
    private final AtomicInteger nextBuyer = new AtomicInteger();
    private final ConcurrentLinkedQueue<Confirmed> confirmed = new ConcurrentLinkedQueue<>();
    private final Map<Ending, LongAdder> endings = new ConcurrentHashMap<>();
    private final AtomicLong firstSoldOut = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong firstOrder = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastOrder = new AtomicLong(-1);
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private final int quantity;
    private final CpuMeter cpu;
    private Samples samples;
    private long saleDeadline;

    LoadRun(Http http, Settings settings, Sale sale, CpuMeter cpu) {
        this.cpu = cpu;
        this.http = http;
        this.settings = settings;
        this.sale = sale;
        this.clients = settings.clients();
        this.quantity = settings.integer("quantity");
    }

    Result run() throws InterruptedException {
        long releaseMillis = sale.startAt().toEpochMilli() - sale.serverClockOffsetMillis() + 100;
        long waitMillis = releaseMillis - System.currentTimeMillis();
        if (waitMillis > 0) {
            Thread.sleep(waitMillis);
        }
        samples = new Samples(System.nanoTime());
        long originEpochMillis = System.currentTimeMillis();
        saleDeadline = System.nanoTime() + settings.seconds("sale-timeout").toNanos();
        var windows = new ArrayList<Window>();

        long start = samples.micros(System.nanoTime());
        var cpuBefore = cpu.read();
        Clients.run(clients, this::buyers, samples);
        windows.add(window("sale", start, cpuBefore));
        if (fatal.get() != null) {
            throw new IllegalStateException(fatal.get());
        }
        new RequestMix(http, settings, sale, Http.body("promoId", sale.promoId(), "quantity", quantity, "token", "flood")).run(
                (name, length, request) -> phase(windows, name, length, request));

        var counts = new java.util.EnumMap<Ending, Long>(Ending.class);
        endings.forEach((ending, adder) -> counts.put(ending, adder.sum()));
        return new Result(samples, windows, List.copyOf(confirmed), counts, Math.min(nextBuyer.get(), sale.buyers().size()),
                firstSoldOut.get(), firstOrder.get(), lastOrder.get(), originEpochMillis);
    }

    private void buyers(int client, Buffer buffer) {
        boolean stopAtSoldOut = settings.flag("stop-at-sold-out");
        while (System.nanoTime() < saleDeadline && fatal.get() == null) {
            if (stopAtSoldOut && firstSoldOut.get() != Long.MAX_VALUE) {
                return;
            }
            int index = nextBuyer.getAndIncrement();
            if (index >= sale.buyers().size()) {
                return;
            }
            var ending = buy(sale.buyers().get(index), buffer);
            endings.computeIfAbsent(ending, e -> new LongAdder()).increment();
        }
    }

    /** One buyer: captcha, token, order; a shed answer (BUSY, RATE_LIMITED) is retried after its Retry-After. */
    private Ending buy(Buyer buyer, Buffer buffer) {
        var promoPath = "/api/promos/" + sale.promoId();
        int flows = 0;
        while (flows < FLOWS_PER_BUYER && System.nanoTime() < saleDeadline) {
            var captcha = Clients.call(buffer, Step.CAPTCHA, () -> http.getDiscarding(promoPath + "/captcha", buyer.token()));
            if (captcha == null) {
                flows++;
                continue;
            }
            if (captcha.status() != 200) {
                var code = captcha.outcome();
                if (Figures.shed(code) || (code.equals("PROMO_NOT_ACTIVE") && samples.micros(System.nanoTime()) < 5_000_000)) {
                    pause(captcha);
                    continue;
                }
                return ending(code);
            }
            var answer = captcha.header("X-Captcha-Answer");
            if (answer == null) {
                fatal.compareAndSet(null, "no X-Captcha-Answer header: the application must run with "
                        + "seckill.loadtest.enabled=true");
                return Ending.OTHER;
            }
            var tokenAnswer = Clients.call(buffer, Step.TOKEN,
                    () -> http.post(promoPath + "/tokens", buyer.token(), Http.body("captcha", answer)));
            flows++;
            if (tokenAnswer == null) {
                continue;
            }
            if (tokenAnswer.status() != 201) {
                var code = tokenAnswer.outcome();
                if (Figures.shed(code)) {
                    pause(tokenAnswer);
                    continue;
                }
                if (code.equals("CAPTCHA_WRONG")) {
                    continue;
                }
                return ending(code);
            }
            var token = Http.field(tokenAnswer.body(), "token");
            while (System.nanoTime() < saleDeadline) {
                var order = Clients.call(buffer, Step.ORDER, () -> http.post("/api/orders", buyer.token(),
                        Http.body("promoId", sale.promoId(), "quantity", quantity, "token", token)));
                if (order == null) {
                    break; // no answer: a new token finds the order (ALREADY_PURCHASED) if there is one
                }
                if (order.status() == 201) {
                    long now = samples.micros(System.nanoTime());
                    confirmed.add(new Confirmed(Long.parseLong(Http.field(order.body(), "id")), buyer.id()));
                    firstOrder.accumulateAndGet(now, Math::min);
                    lastOrder.accumulateAndGet(now, Math::max);
                    return Ending.BOUGHT;
                }
                var code = order.outcome();
                if (Figures.shed(code)) {
                    pause(order);
                    continue;
                }
                if (code.equals("TOKEN_INVALID")) {
                    break;
                }
                return ending(code);
            }
        }
        return Ending.GAVE_UP;
    }

    private Ending ending(String code) {
        return switch (code) {
            case "SOLD_OUT" -> {
                firstSoldOut.accumulateAndGet(samples.micros(System.nanoTime()), Math::min);
                yield Ending.SOLD_OUT;
            }
            case "ALREADY_PURCHASED" -> Ending.ALREADY_PURCHASED;
            case "TOKENS_EXHAUSTED" -> Ending.GATE_CLOSED;
            case "PROMO_NOT_ACTIVE" -> Ending.NOT_ACTIVE;
            default -> Ending.OTHER;
        };
    }

    /** Sleeps as long as Retry-After says (a little jitter so the retries do not arrive as one wave). */
    private void pause(Http.Answer answer) {
        long millis = 100;
        var retryAfter = answer.header("Retry-After");
        if (retryAfter != null) {
            try {
                millis = Math.round(Double.parseDouble(retryAfter.trim()) * 1000);
            } catch (NumberFormatException e) {
                millis = 1000;
            }
        }
        millis += ThreadLocalRandom.current().nextLong(1 + millis / 10);
        long left = (saleDeadline - System.nanoTime()) / 1_000_000;
        try {
            Thread.sleep(Math.max(0, Math.min(millis, left)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** C clients doing the same thing until the phase's time is up. */
    private void phase(List<Window> windows, String name, Duration length,
            java.util.function.BiConsumer<Buyer, Buffer> request) throws InterruptedException {
        if (length.isZero() || length.isNegative()) {
            return;
        }
        // a line per slice, so that whoever watches a long run (or attaches a profiler) knows what is running
        System.out.println("Phase " + name + " for " + length.toMillis() / 1000.0 + " s");
        long start = samples.micros(System.nanoTime());
        var cpuBefore = cpu.read();
        long deadline = System.nanoTime() + length.toNanos();
        Clients.run(clients, (client, buffer) -> {
            var buyer = sale.buyers().get(client % sale.buyers().size());
            while (System.nanoTime() < deadline) {
                request.accept(buyer, buffer);
            }
        }, samples);
        windows.add(window(name, start, cpuBefore));
    }

    private Window window(String name, long startMicros, double[] cpuBefore) {
        var cpuAfter = cpu.read();
        return new Window(name, startMicros, samples.micros(System.nanoTime()), cpuAfter[0] - cpuBefore[0],
                cpuAfter[1] - cpuBefore[1]);
    }
}
