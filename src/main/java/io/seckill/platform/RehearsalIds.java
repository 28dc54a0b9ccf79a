package io.seckill.platform;

/**
 * A node rehearses the buying path on its own before it serves a sale (the {@code rehearsal} feature), so
 * that its JIT compiler has done the work before the first real buyer arrives. Everything a rehearsal
 * touches carries an id of its own range, from 2^62 up: its item, promo, buyers and orders. The database's
 * counters never get there, so such an id can never be a real buyer's or order's; and the features keep
 * these ids out of everything they store, broadcast to other nodes or count. (They are positive, so the
 * rehearsal's requests pass the same validation as everyone's.)
 */
public final class RehearsalIds {

    private static final long FIRST = 1L << 62;

    private RehearsalIds() {
    }

    public static boolean isRehearsal(long id) {
        return id >= FIRST;
    }

    /** The n-th id of the rehearsal range, n >= 0. */
    public static long of(long n) {
        return FIRST + n;
    }
}
