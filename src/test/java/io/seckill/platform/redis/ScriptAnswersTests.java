package io.seckill.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ScriptAnswersTests {

    enum Answer { REFUSED, DONE, CALLERS_OWN }

    private static final ScriptAnswers<Answer> TABLE = ScriptAnswers.of("test.lua", Map.of(0, Answer.DONE, 2, Answer.REFUSED));

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
}
