package io.seckill.stock;

/** Where one deduction stands; only INIT may change, and only once. */
public enum StockLogStatus {
    /** The counter may have been deducted; whether an order exists is not known yet. */
    INIT,
    /** The order exists; the units are sold. */
    DONE,
    /** No order; the units went back to the counter (or were never taken). */
    ROLLED_BACK
}
