package io.seckill.cluster;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.seckill.cluster.ClusterShop.Buyer;
import io.seckill.support.Api;

/**
 * A buyer who keeps trying through an outage, exactly as ../shared/API.md tells a client to: BUSY and
 * RATE_LIMITED are retried after a pause with the same token; an order request without an answer (a
 * 5xx from nginx or a cut connection) is looked up in GET /api/orders before a new token is fetched; a
 * lost session (UNAUTHENTICATED) means logging in again; a token or captcha the server no longer knows
 * means a new one. It stops at an order, at a final refusal (SOLD_OUT, ...) or at the deadline.
 */
final class PersistentBuyer {

    /** Answers after which trying again cannot succeed. */
    private static final Set<String> FINAL = Set.of("SOLD_OUT", "TOKENS_EXHAUSTED");

    private final Buyer buyer;
    private final long promoId;
    private final List<Long> unanswered = new ArrayList<>();
    private volatile String session;

    PersistentBuyer(Buyer buyer, long promoId) {
        this.buyer = buyer;
        this.promoId = promoId;
        this.session = buyer.session();
    }

    /**
     * {@code confirmedAt} is System.nanoTime() when this buyer learnt of its new order (a 201, or the
     * lookup after a lost answer); 0 for no order or one learnt of earlier (ALREADY_PURCHASED).
     */
    record Outcome(long orderId, String code, long confirmedAt) {
    }

    Outcome buyUntil(long deadline, Runnable onConfirmed) {
        return buyUntil(deadline, null, onConfirmed);
    }

    /** The same, starting with a promo token fetched beforehand (null: fetch one first). */
    Outcome buyUntil(long deadline, String firstToken, Runnable onConfirmed) {
        String token = firstToken;
        String last = "NO_ANSWER";
        while (System.nanoTime() < deadline) {
            if (token == null) {
                var answer = newToken();
                if (answer == null || retryable(answer)) {
                    last = answer == null ? "NO_ANSWER" : String.valueOf(answer.code());
                    ClusterShop.pause();
                    continue;
                }
                if (answer.status() == 201) {
                    token = answer.json().get("token").asString();
                } else if ("ALREADY_PURCHASED".equals(answer.code())) {
                    var known = alreadyPurchased();
                    if (known != null) {
                        return known;
                    }
                    continue;
                } else if (FINAL.contains(answer.code())) {
                    return new Outcome(0, answer.code(), 0);
                } else {
                    last = answer.status() + " " + answer.code();
                    ClusterShop.pause();
                    continue;
                }
            }
            var sent = token;
            var answer = attempt(() -> buyer.edge().post("/api/orders", session,
                    Map.of("promoId", promoId, "quantity", 1, "token", sent)));
            if (answer != null && answer.status() == 201) {
                onConfirmed.run();
                return new Outcome(answer.json().get("id").asLong(), "CREATED", System.nanoTime());
            }
            if (answer != null && "ALREADY_PURCHASED".equals(answer.code())) {
                var known = alreadyPurchased();
                if (known != null) {
                    return known;
                }
                token = null;
                continue;
            }
            if (answer != null && FINAL.contains(answer.code())) {
                return new Outcome(0, answer.code(), 0);
            }
            if (answer != null && (answer.status() == 429 || "BUSY".equals(answer.code()))) {
                ClusterShop.pause(); // the token was not consumed
                continue;
            }
            if (answer != null && answer.status() == 401) {
                logIn(); // the token was not looked at
                continue;
            }
            // No answer, or one that consumed the token (TOKEN_INVALID after Redis lost it, a 5xx): an
            // order may exist; if none does, a new token is needed.
            last = answer == null ? "NO_ANSWER" : answer.status() + " " + answer.code();
            long found = findOrder();
            if (found > 0) {
                onConfirmed.run();
                return new Outcome(found, "FOUND", System.nanoTime());
            }
            token = null;
        }
        return new Outcome(0, "GAVE_UP after " + last, 0);
    }

    /**
     * ALREADY_PURCHASED names the order that holds the buyer's place, which may still be undecided (its
     * node died, its database write failed): only an order in GET /api/orders counts. Null: not yet.
     */
    private Outcome alreadyPurchased() {
        long found = findOrder();
        if (found > 0) {
            return new Outcome(found, "ALREADY_PURCHASED", 0);
        }
        ClusterShop.pause();
        return null;
    }

    private Api.Response newToken() {
        var captcha = attempt(() -> buyer.edge().get("/api/promos/" + promoId + "/captcha", session));
        if (captcha == null || captcha.status() != 200) {
            return captcha;
        }
        return attempt(() -> buyer.edge().post("/api/promos/" + promoId + "/tokens", session,
                Map.of("captcha", captcha.header("X-Captcha-Answer"))));
    }

    /** The buyer's live order in this promo, 0 if none; -1 (never an id) while orders cannot be listed. */
    private long findOrder() {
        var mine = attempt(() -> buyer.edge().get("/api/orders", session));
        if (mine == null || mine.status() != 200) {
            return -1;
        }
        for (var order : mine.json()) {
            if (order.get("promoId").asLong() == promoId && !"CANCELLED".equals(order.get("status").asString())) {
                return order.get("id").asLong();
            }
        }
        return 0;
    }

    /** Answers that are worth the same request again after a pause; 401 logs in first. */
    private boolean retryable(Api.Response answer) {
        if (answer.status() == 401) {
            logIn();
            return true;
        }
        return answer.status() == 429 && !"TOKENS_EXHAUSTED".equals(answer.code()) || answer.status() >= 500
                || "CAPTCHA_WRONG".equals(answer.code());
    }

    private void logIn() {
        var login = attempt(() -> buyer.edge().post("/api/sessions", null,
                Map.of("username", buyer.username(), "password", buyer.password())));
        if (login != null && login.status() == 201) {
            session = login.json().get("token").asString();
        } else {
            ClusterShop.pause();
        }
    }

    /** System.nanoTime() of every request sent that got no answer from the shop (no response, 502 or 504). */
    List<Long> unanswered() {
        return unanswered;
    }

    /**
     * The answer, or null when the connection broke or timed out before a whole answer arrived (nginx cuts
     * the connection when the node it relays dies mid-answer).
     */
    private Api.Response attempt(Supplier<Api.Response> request) {
        long sentAt = System.nanoTime();
        Api.Response answer;
        try {
            answer = request.get();
        } catch (UncheckedIOException noAnswer) {
            answer = null;
        }
        if (answer == null || answer.status() == 502 || answer.status() == 504) {
            unanswered.add(sentAt);
        }
        return answer;
    }
}
