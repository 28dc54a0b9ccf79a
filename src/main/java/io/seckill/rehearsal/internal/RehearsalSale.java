package io.seckill.rehearsal.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.seckill.catalog.Catalog;
import io.seckill.catalog.Promo;
import io.seckill.gate.PromoGate;
import io.seckill.platform.RehearsalIds;
import io.seckill.stock.StockLedger;

/**
 * One rehearsal sale: a promo of the node's own with rehearsal ids (staged in this node's catalogue only,
 * its counter in Redis), sold out by the rehearsal's buyers through captcha, token and order exactly as
 * real buyers do, half of them also browsing the rest of the API ({@link RehearsalClient#browse}), then every
 * trace of it removed.
 */
final class RehearsalSale {

    /**
     * What a sale came to: units sold, answers other than the expected ones, how the buyers who did not buy
     * were answered (by step, status and code, with how many), and the units its counters still held when it
     * ended (-1 if a counter was missing): a sale that stopped short says why.
     */
    record Outcome(int sold, int unexpected, Map<String, Integer> notBought, long unitsLeft) {
    }

    private static final int MAX_ATTEMPTS_PER_BUYER = 20;
    /** One buyer in this many also browses ({@link RehearsalClient#browse}). */
    private static final int BROWSING_BUYERS = 2;

    private final Catalog catalog;
    private final PromoGate gate;
    private final StockLedger ledger;
    private final RehearsalClient client;

    RehearsalSale(Catalog catalog, PromoGate gate, StockLedger ledger, RehearsalClient client) {
        this.catalog = catalog;
        this.gate = gate;
        this.ledger = ledger;
        this.client = client;
    }

    /** Sells {@code units} to the buyers of {@code sessions}; no buyer starts once {@code stop} says so. */
    Outcome run(int units, int clients, List<String> sessions, BooleanSupplier stop) throws InterruptedException {
        // Random, so that nodes rehearsing at the same time on one Redis never share a key.
        long id = RehearsalIds.of(ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
        var now = Instant.now();
        var promo = new Promo(id, id, "Rehearsal", new BigDecimal("1.00"), now.minusSeconds(1), now.plus(Duration.ofHours(1)),
                1, 15, true, units);
        catalog.stageRehearsal(promo);
        ledger.warm(id, units);
        try {
            return sell(id, clients, sessions, stop);
        } finally {
            catalog.endRehearsal(id);
            gate.discardRehearsal(id, id);
            ledger.discardRehearsal(id, id);
        }
    }

    private Outcome sell(long promoId, int clients, List<String> sessions, BooleanSupplier stop)
            throws InterruptedException {
        var next = new AtomicInteger();
        var sold = new AtomicInteger();
        var unexpected = new AtomicInteger();
        var answers = new ConcurrentHashMap<String, Integer>();
        var soldOut = new AtomicBoolean();
        var threads = new ArrayList<Thread>(clients);
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofVirtual().name("rehearsal-buyer-" + c).start(() -> {
                for (int i = next.getAndIncrement(); i < sessions.size() && !soldOut.get() && !stop.getAsBoolean();
                        i = next.getAndIncrement()) {
                    var ending = buy(promoId, sessions.get(i));
                    if (i % BROWSING_BUYERS == 0) {
                        browse(sessions.get(i));
                    }
                    if (ending.kind() != Kind.BOUGHT) {
                        answers.merge(ending.answer(), 1, Integer::sum);
                    }
                    switch (ending.kind()) {
                        case BOUGHT -> sold.incrementAndGet();
                        case SOLD_OUT -> soldOut.set(true);
                        case FAILED -> {
                            if (unexpected.incrementAndGet() > sessions.size() / 10) {
                                soldOut.set(true); // something is wrong with the node: stop rather than hammer it
                            }
                        }
                    }
                }
            }));
        }
        for (var thread : threads) {
            thread.join();
        }
        return new Outcome(sold.get(), unexpected.get(), new TreeMap<>(answers), ledger.counterNow(promoId).orElse(-1));
    }

    private enum Kind { BOUGHT, SOLD_OUT, FAILED }

    /** How a buyer's attempt ended, and unless bought, the answer that ended it. */
    private record Ending(Kind kind, String answer) {
        static final Ending BOUGHT = new Ending(Kind.BOUGHT, "");

        static Ending failed(String answer) {
            return new Ending(Kind.FAILED, answer);
        }
    }

    /** Captcha, token, order; a BUSY or RATE_LIMITED step is tried again shortly. */
    private Ending buy(long promoId, String session) {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS_PER_BUYER; attempt++) {
                var captcha = client.captcha(promoId, session);
                if (later(captcha)) {
                    continue;
                }
                if (captcha.status() != 200 || captcha.captchaAnswer() == null) {
                    return ending("captcha", captcha);
                }
                var token = client.token(promoId, session, captcha.captchaAnswer());
                if (later(token)) {
                    continue;
                }
                if (token.status() != 201) {
                    return ending("token", token);
                }
                var value = token.json().get("token").asString();
                for (int tries = 0; tries < MAX_ATTEMPTS_PER_BUYER; tries++) {
                    var order = client.order(promoId, session, value);
                    if (!later(order)) {
                        return order.status() == 201 ? Ending.BOUGHT : ending("order", order);
                    }
                }
                return Ending.failed("order still shed after " + MAX_ATTEMPTS_PER_BUYER + " tries");
            }
            return Ending.failed("shed " + MAX_ATTEMPTS_PER_BUYER + " times");
        } catch (IOException e) {
            return Ending.failed(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Ending.failed("interrupted");
        }
    }

    private void browse(String session) {
        try {
            client.browse(session);
        } catch (IOException e) {
            // nothing to rehearse: a node that cannot answer these fails its buying steps as well
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Ending ending(String step, RehearsalClient.Answer answer) {
        var said = step + " " + answer.status() + " " + answer.code();
        return "SOLD_OUT".equals(answer.code()) ? new Ending(Kind.SOLD_OUT, said) : Ending.failed(said);
    }

    /** The node shed the step: a moment later it is asked again (the rehearsal is its own client). */
    private static boolean later(RehearsalClient.Answer answer) throws InterruptedException {
        if (answer.status() == 503 || answer.status() == 429) {
            Thread.sleep(10 + ThreadLocalRandom.current().nextInt(40));
            return true;
        }
        return false;
    }
}
