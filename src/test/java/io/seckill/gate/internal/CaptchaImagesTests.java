package io.seckill.gate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.seckill.gate.GateProperties;

/** Pictures drawn ahead are handed out once each; when none is ready one is drawn on the spot. */
class CaptchaImagesTests {

    private final CaptchaImages images = new CaptchaImages(
            new GateProperties(5, Duration.ofMinutes(5), Duration.ofMinutes(5), 3, 1000), false);

    @AfterEach
    void stopDrawing() {
        images.destroy();
    }

    @Test
    void picturesDrawnAheadAreHandedOutOnceEachThenDrawnOnTheSpot() throws Exception {
        images.drawAhead(); // a tenth of a second's 1,000 pictures, were there room for them
        assertThat(images.ready()).as("the stock holds at most its size").isEqualTo(3);

        var answers = new HashSet<String>();
        for (int i = 0; i < 4; i++) {
            var captcha = images.next();
            assertThat(captcha.answer()).hasSize(CaptchaImages.LENGTH)
                    .matches("[" + CaptchaImages.ALPHABET + "]+");
            var picture = ImageIO.read(new ByteArrayInputStream(captcha.png()));
            assertThat(picture.getWidth()).isPositive();
            answers.add(captcha.answer() + System.identityHashCode(captcha.png()));
        }
        assertThat(images.ready()).as("the three drawn ahead were taken, the fourth drawn on the spot").isZero();
        assertThat(answers).as("no picture handed out twice").hasSize(4);
    }

    @Test
    void aRoundOfDrawingAheadStopsOnceAPictureIsHandedOut() {
        var manyPerRound = new CaptchaImages(
                new GateProperties(5, Duration.ofMinutes(5), Duration.ofMinutes(5), 10_000, 10_000), false);
        try {
            var round = CompletableFuture.runAsync(manyPerRound::drawAhead); // a tenth of 10,000 a second: 1,000
            await().atMost(Duration.ofSeconds(30)).until(() -> manyPerRound.ready() >= 5);
            manyPerRound.next();
            int left = manyPerRound.ready();

            await().atMost(Duration.ofSeconds(30)).until(round::isDone);
            assertThat(manyPerRound.ready()).as("the round ended with the picture it was drawing when one was taken")
                    .isBetween(left, left + 1);
        } finally {
            manyPerRound.destroy();
        }
    }
}
