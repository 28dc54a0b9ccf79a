package io.seckill.stock;

/** Where one deduction stands: INIT is decided once (DONE or ROLLED_BACK); DONE may end as RETURNED. */
public enum StockLogStatus {
    /** The counter may have been deducted; whether an order exists is not known yet. */
    INIT,
    /** The order exists; the units are sold. */
    DONE,
    /** No order; the units went back to the counter (or were never taken). */
    ROLLED_BACK,
    /** The order was cancelled (by the buyer or for not paying); its units went back to stock. */
    RETURNED
}
