package io.seckill.gate.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.seckill.catalog.Catalog;
import io.seckill.catalog.Promo;
import io.seckill.platform.LoadTestProperties;
import io.seckill.platform.metrics.RejectionTally;
import io.seckill.platform.web.ProblemCode;
import io.seckill.platform.web.Rejection;
import io.seckill.platform.web.ThrottleProperties;
import io.seckill.platform.web.Throttles;
import io.seckill.user.CurrentUser;
import io.seckill.platform.web.Problems;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Step 1 and 2 of buying: a captcha, then a promo token for the right answer. */
@RestController
class GateController {

    static final String ANSWER_HEADER = "X-Captcha-Answer";
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final Catalog catalog;
    private final Captchas captchas;
    private final CaptchaImages images;
    private final TokenIssuer issuer;
    private final RejectionTally tally;
    private final boolean revealAnswers;
    private final Throttles throttles;
    private final ThrottleProperties limits;

    GateController(Catalog catalog, Captchas captchas, CaptchaImages images, TokenIssuer issuer, RejectionTally tally,
            LoadTestProperties loadTest, Throttles throttles, ThrottleProperties limits) {
        this.throttles = throttles;
        this.limits = limits;
        this.catalog = catalog;
        this.captchas = captchas;
        this.images = images;
        this.issuer = issuer;
        this.tally = tally;
        this.revealAnswers = loadTest.enabled();
    }

    @GetMapping("/api/promos/{promoId}/captcha")
    @Problems({ProblemCode.NOT_FOUND, ProblemCode.PROMO_NOT_ACTIVE,
            ProblemCode.RATE_LIMITED})
    ResponseEntity<byte[]> captcha(CurrentUser caller, @PathVariable long promoId) {
        var promo = openPromo(promoId, caller.id());
        // A rehearsal takes none of the pictures drawn ahead for the sale, and reads its own answers.
        var captcha = promo.rehearsal() ? images.rehearsal() : images.next();
        captchas.remember(promo, caller.id(), captcha.answer());
        var response = ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore());
        if (revealAnswers || promo.rehearsal()) {
            response.header(ANSWER_HEADER, captcha.answer());
        }
        return response.body(captcha.png());
    }

    @PostMapping("/api/promos/{promoId}/tokens")
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    @Problems({ProblemCode.NOT_FOUND, ProblemCode.PROMO_NOT_ACTIVE,
            ProblemCode.RATE_LIMITED, ProblemCode.CAPTCHA_WRONG, ProblemCode.TOKENS_EXHAUSTED, ProblemCode.SOLD_OUT,
            ProblemCode.ALREADY_PURCHASED})
    ResponseEntity<TokenView> token(CurrentUser caller, @PathVariable long promoId,
            @Valid @RequestBody TokenRequest request) {
        var promo = openPromo(promoId, caller.id());
        return switch (issuer.issue(promo, caller.id(), request.captcha())) {
            case TokenIssuer.Issued issued -> ResponseEntity.created(URI.create("/api/promos/" + promoId + "/tokens"))
                    .body(new TokenView(issued.token(), issued.expiresAt()));
            case TokenIssuer.Refused refused -> throw reject(promo, refused.rejection());
        };
    }

    private Promo openPromo(long promoId, long userId) {
        if (!throttles.tryAcquire("gate", Long.toString(userId), limits.gatePerUser(), SECOND)) {
            throw Throttles.rateLimited("Too many captcha or token requests; slow down", SECOND).toException();
        }
        var promo = catalog.promo(promoId).filter(p -> p.visibleTo(userId))
                .orElseThrow(() -> Rejection.of(ProblemCode.NOT_FOUND, "No promo " + promoId).toException());
        if (!promo.isOpen(Instant.now())) {
            throw reject(promo, Rejection.of(ProblemCode.PROMO_NOT_ACTIVE,
                    "The promo has not started, has ended, or is not published"));
        }
        return promo;
    }

    private RuntimeException reject(Promo promo, Rejection rejection) {
        tally.count("token", promo.id(), rejection.code());
        return rejection.toException();
    }

    record TokenRequest(@NotNull @Size(max = 16) String captcha) {
    }

    record TokenView(String token, Instant expiresAt) {
    }
}
