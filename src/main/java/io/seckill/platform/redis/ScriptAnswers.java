package io.seckill.platform.redis;

import java.util.Map;

/**
 * How one Lua script's answer codes read: each code the script returns, next to the outcome it names
 * (the script's header lists the same). Decoded by that table, never by an enum's order, and a code the
 * table does not have is a bug that fails loudly instead of falling into a default.
 */
public final class ScriptAnswers<E> {

    private final String script;
    private final Object[] byCode;

    private ScriptAnswers(String script, Object[] byCode) {
        this.script = script;
        this.byCode = byCode;
    }

    /** Codes are small and not negative. */
    public static <E> ScriptAnswers<E> of(String script, Map<Integer, E> outcomes) {
        var byCode = new Object[outcomes.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
        outcomes.forEach((code, outcome) -> byCode[code] = outcome);
        return new ScriptAnswers<>(script, byCode);
    }

    @SuppressWarnings("unchecked")
    public E decode(long code) {
        var outcome = code >= 0 && code < byCode.length ? byCode[(int) code] : null;
        if (outcome == null) {
            throw new IllegalStateException(script + " answered code " + code + ", which it does not have");
        }
        return (E) outcome;
    }
}
