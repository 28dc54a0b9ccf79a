package io.seckill.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

import io.seckill.bench.SalePreparation.Buyer;
import io.seckill.bench.SalePreparation.Sale;
import io.seckill.bench.Samples.Buffer;
import io.seckill.bench.Samples.Step;

/**
 * The requests after the sell-out, four kinds that take turns in short slices ({@code --interleave}) so that
 * every kind sees the same machine (other work on it, JIT, GC, the stock log still draining) and the ratios
 * between them are fair:
 * <ul>
 * <li>flood: {@code POST /api/orders} with a bogus token, a sold-out reject;</li>
 * <li>baseline: {@code GET /api/users/me} with a buyer's session, the cheapest authenticated request;</li>
 * <li>item reads: anonymous {@code GET /api/items/{id}};</li>
 * <li>unknown path: {@code GET} of a path that does not exist with a buyer's session, as a client probing the
 * API would send; its right answer is 404 NOT_FOUND.</li>
 * </ul>
 * Each kind runs for its own total seconds; a round gives every kind with time left one slice, and each round
 * starts one kind later than the one before, so that no kind always comes right after the same other one.
 */
final class RequestMix {

    /** A path no controller serves. */
    static final String UNKNOWN_PATH = "/api/no/such/path";

    /** One request of a kind, for one buyer. */
    interface Request {
        Http.Answer send(Buyer buyer) throws IOException, InterruptedException;
    }

    /** A kind: the phase it is reported as, its step in the samples, its total seconds, and one request of it. */
    record Kind(String phase, Step step, Duration total, Request request) {
    }

    /** Runs C clients doing the same request for a while, and records the slice as a window of the phase. */
    interface Phases {
        void run(String phase, Duration length, BiConsumer<Buyer, Buffer> request) throws InterruptedException;
    }

    private final List<Kind> kinds;
    private final Duration slice;

    RequestMix(Http http, Settings settings, Sale sale, String floodBody) {
        var itemPath = "/api/items/" + sale.itemId();
        this.kinds = List.of(
                new Kind("flood", Step.FLOOD, settings.seconds("flood"), buyer -> http.post("/api/orders", buyer.token(), floodBody)),
                new Kind("baseline", Step.BASELINE, settings.seconds("baseline"), buyer -> http.get("/api/users/me", buyer.token())),
                new Kind("item reads", Step.ITEM_READ, settings.seconds("item-reads"), buyer -> http.get(itemPath, null)),
                new Kind("unknown path", Step.UNKNOWN_PATH, settings.seconds("unknown-paths"),
                        buyer -> http.get(UNKNOWN_PATH, buyer.token())));
        var interleave = settings.seconds("interleave");
        this.slice = interleave.isZero() || interleave.isNegative()
                ? kinds.stream().map(Kind::total).max(Duration::compareTo).orElseThrow() : interleave;
    }

    /** Every kind for its total seconds, in slices. */
    void run(Phases phases) throws InterruptedException {
        var left = kinds.stream().map(Kind::total).toArray(Duration[]::new);
        for (int round = 0; anyLeft(left); round++) {
            for (int turn = 0; turn < kinds.size(); turn++) {
                int k = (round + turn) % kinds.size();
                var length = min(slice, left[k]);
                if (length.isPositive()) {
                    var kind = kinds.get(k);
                    phases.run(kind.phase(), length, (buyer, buffer) -> Clients.call(buffer, kind.step(),
                            () -> kind.request().send(buyer)));
                    left[k] = left[k].minus(length);
                }
            }
        }
    }

    private static boolean anyLeft(Duration[] left) {
        for (var duration : left) {
            if (duration.isPositive()) {
                return true;
            }
        }
        return false;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
