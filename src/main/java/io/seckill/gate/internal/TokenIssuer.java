package io.seckill.gate.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import io.seckill.catalog.Promo;
import io.seckill.gate.GateProperties;
import io.seckill.platform.redis.LuaScripts;
import io.seckill.platform.redis.RequestRedis;
import io.seckill.platform.redis.ScriptAnswers;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPools;
import java.time.Duration;

/**
 * Hands out promo tokens for a right captcha answer while the gate is open: stock left, no live order of
 * this buyer, and fewer than factor x initial stock tokens so far (shared evenly by the item's buckets). All
 * of it is one Lua call in the buyer's home bucket, so the gate cannot over-issue and a captcha cannot be
 * guessed twice.
 */
@Component
class TokenIssuer {

    private static final RedisScript<List<Long>> ISSUE = LuaScripts.listScript("issue_token");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StringRedisTemplate redis;
    private final RequestRedis requests;
    private final GateProperties properties;
    private final StockPools pools;
    private final StockLedger ledger;

    TokenIssuer(StringRedisTemplate redis, RequestRedis requests, GateProperties properties, StockPools pools, StockLedger ledger) {
        this.redis = redis;
        this.requests = requests;
        this.pools = pools;
        this.ledger = ledger;
        this.properties = properties;
    }

    sealed interface Issue {
    }

    record Issued(String token, Instant expiresAt) implements Issue {
    }

    record Refused(Rejection rejection) implements Issue {
    }

    /**
     * Checks the buyer's captcha answer (using the captcha up, right or wrong) and, if it is right,
     * issues a token while the gate is open: one Redis call for both.
     */
    Issue issue(Promo promo, long userId, String captchaAnswer) {
        // No shortcut for a sold-out sale: the captcha must be used up and checked first either way, and
        // the script does that in the same one call that then answers SOLD_OUT from the counter.
        var guess = captchaAnswer.strip().toUpperCase(Locale.ROOT);
        var layout = pools.layout(promo.itemId());
        int home = layout.home(userId);
        var tag = layout.tag(home);
        var token = GateKeys.tokenValue(home, newToken());
        var reply = requests.run(ISSUE,
                List.of(StockKeys.counter(tag), StockKeys.buyers(tag, promo.id()),
                        GateKeys.tokensIssued(tag, promo.id()), GateKeys.token(tag, token),
                        GateKeys.captcha(tag, promo.id(), userId)),
                Long.toString(userId), Long.toString(StockPools.share(promo.gateSize(properties.factor()), layout.buckets(), home)),
                GateKeys.owner(userId, promo.id()), Long.toString(properties.tokenLifetime().toSeconds()), guess,
                layout.split() ? "1" : "0");
        var outcome = Answer.ISSUE_TOKEN.decode(reply.get(0));
        if (reply.get(2) == 1 && !unitsLeftSomewhere(promo.itemId(), userId)) {
            if (outcome == Answer.ISSUED) {
                redis.delete(GateKeys.token(tag, token));
            }
            return new Refused(soldOutRejection());
        }
        return switch (outcome) {
            case ISSUED -> new Issued(token, Instant.now().plus(properties.tokenLifetime()));
            case SOLD_OUT -> new Refused(soldOutRejection());
            case ALREADY_PURCHASED -> new Refused(Rejection.of(ProblemCode.ALREADY_PURCHASED,
                    "You already hold an order in this promo").with("orderId", reply.get(1)));
            case GATE_CLOSED -> new Refused(Rejection.of(ProblemCode.TOKENS_EXHAUSTED,
                    "Every token of this sale has been handed out"));
            case CAPTCHA_WRONG -> new Refused(captchaWrong());
            case NO_COUNTER -> new Refused(Rejection.of(ProblemCode.BUSY,
                    "The sale's stock is being prepared; try again").retryAfter(Duration.ofSeconds(1)));
        };
    }

    /** The answers of issue_token.lua, by the codes the script returns for them (its header lists the same). */
    enum Answer {
        ISSUED, SOLD_OUT, ALREADY_PURCHASED, GATE_CLOSED, NO_COUNTER, CAPTCHA_WRONG;

        static final ScriptAnswers<Answer> ISSUE_TOKEN = ScriptAnswers.of("issue_token.lua", Map.of(0, ISSUED,
                1, SOLD_OUT, 2, ALREADY_PURCHASED, 3, GATE_CLOSED, 4, NO_COUNTER, 5, CAPTCHA_WRONG));
    }

    /**
     * The buyer's home bucket is empty: true if units could be moved in from the other buckets or are still in
     * one of them; false, with the item put on the sold-out board, when every bucket is empty.
     */
    private boolean unitsLeftSomewhere(long itemId, long userId) {
        return ledger.refillHomeOf(itemId, userId) || !ledger.markIfEmptyEverywhere(itemId);
    }

    private static Rejection captchaWrong() {
        return Rejection.of(ProblemCode.CAPTCHA_WRONG, "Captcha answer wrong, expired or already used; ask for a new captcha");
    }

    private static Rejection soldOutRejection() {
        return Rejection.of(ProblemCode.SOLD_OUT, "No units left");
    }

    private static String newToken() {
        var bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
