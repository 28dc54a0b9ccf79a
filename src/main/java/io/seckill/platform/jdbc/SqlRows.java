package io.seckill.platform.jdbc;

import java.util.Collections;

/**
 * Statements over a batch of rows. A batch of orders is written with one multi-row statement, one
 * round trip and one commit, instead of one of each per order.
 */
public final class SqlRows {

    private SqlRows() {
    }

    /** {@code "(?, ?), (?, ?), ..."}: the VALUES of a multi-row INSERT of {@code count} rows shaped like {@code row}. */
    public static String values(int count, String row) {
        if (count < 1) {
            throw new IllegalArgumentException("a multi-row statement needs at least one row");
        }
        return String.join(", ", Collections.nCopies(count, row));
    }
}
