package io.seckill.platform.redis;

import java.util.Map;

/**
 * How one Lua script's answer codes read: each code the script returns, next to the outcome it names
 * (the script's header lists the same). Decoded by that table, never by an enum's order, and a code the
 * table does not have is a bug that fails loudly instead of falling into a default. A script that
 * otherwise answers a count (units left, say) names the outcome of any count with {@link #orCount}.
 */
public final class ScriptAnswers<E> {

    private final String script;
    private final int lowest;
    private final Object[] byCode;
    private final E count;

    private ScriptAnswers(String script, int lowest, Object[] byCode, E count) {
        this.script = script;
        this.lowest = lowest;
        this.byCode = byCode;
        this.count = count;
    }

    /** Codes are small numbers, negative ones too (a script answering counts marks its cases below zero). */
    public static <E> ScriptAnswers<E> of(String script, Map<Integer, E> outcomes) {
        int lowest = outcomes.keySet().stream().mapToInt(Integer::intValue).min().orElse(0);
        int highest = outcomes.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        var byCode = new Object[highest - lowest + 1];
        outcomes.forEach((code, outcome) -> byCode[code - lowest] = outcome);
        return new ScriptAnswers<>(script, lowest, byCode, null);
    }

    /** The same table, where any answer from zero up the table does not have is a count, read as {@code outcome}. */
    public ScriptAnswers<E> orCount(E outcome) {
        return new ScriptAnswers<>(script, lowest, byCode, outcome);
    }

    @SuppressWarnings("unchecked")
    public E decode(long code) {
        long index = code - lowest;
        var outcome = index >= 0 && index < byCode.length ? byCode[(int) index] : null;
        if (outcome == null && count != null && code >= 0) {
            return count;
        }
        if (outcome == null) {
            throw new IllegalStateException(script + " answered " + code + ", which it does not have");
        }
        return (E) outcome;
    }
}
