package io.seckill.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ScriptAnswersTests {

    enum Answer { REFUSED, DONE, CALLERS_OWN }

    enum Release { RELEASED, NOTHING, NO_COUNTER }

    private static final ScriptAnswers<Answer> TABLE = ScriptAnswers.of("test.lua", Map.of(0, Answer.DONE, 2, Answer.REFUSED));

    private static final ScriptAnswers<Release> COUNTS = ScriptAnswers.of("count.lua",
            Map.of(-1, Release.NOTHING, -2, Release.NO_COUNTER)).orCount(Release.RELEASED);

    @Test
    void aCodeDecodesToTheOutcomeWrittenNextToItWhateverTheEnumsOrder() {
        assertThat(TABLE.decode(0)).isEqualTo(Answer.DONE);
        assertThat(TABLE.decode(2)).isEqualTo(Answer.REFUSED);
    }

    @Test
    void aCodeTheScriptDoesNotHaveFailsLoudlyInsteadOfFallingIntoADefault() {
        assertThatIllegalStateException().isThrownBy(() -> TABLE.decode(1)).withMessageContaining("test.lua");
        assertThatIllegalStateException().isThrownBy(() -> TABLE.decode(3));
        assertThatIllegalStateException().as("an outcome of the caller's own is never a script's answer")
                .isThrownBy(() -> TABLE.decode(-1));
    }

    @Test
    void aScriptThatAnswersACountMarksItsOtherCasesBelowZero() {
        assertThat(COUNTS.decode(-1)).isEqualTo(Release.NOTHING);
        assertThat(COUNTS.decode(-2)).isEqualTo(Release.NO_COUNTER);
        assertThat(COUNTS.decode(0)).as("none left after it, a count still").isEqualTo(Release.RELEASED);
        assertThat(COUNTS.decode(41)).isEqualTo(Release.RELEASED);
        assertThatIllegalStateException().isThrownBy(() -> COUNTS.decode(-3)).withMessageContaining("count.lua");
    }
}
