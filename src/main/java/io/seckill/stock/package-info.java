/**
 * Stock: how many units of an item are left, in the Redis counters during a sale and in the database as
 * the system of record, and the log that keeps the two accountable. What the other features use is in
 * this package; how it is done ({@code internal}) is nobody else's business (ArchitectureTests).
 *
 * <h2>During a sale (the buying path)</h2>
 * <ul>
 * <li>{@link io.seckill.stock.StockLedger}: the live counters; reserves the units of a batch of
 * {@link io.seckill.stock.StockClaim}s in one Lua call per bucket, answering a
 * {@link io.seckill.stock.Reservation} per claim, and gives units back once per order.</li>
 * <li>{@link io.seckill.stock.StockPools}, {@link io.seckill.stock.StockKeys}: an item's stock split over
 * buckets and the Redis keys of each, for the gate's scripts that share a bucket's slot.</li>
 * <li>{@link io.seckill.stock.SoldOutBoard}: which items are sold out, known on every node.</li>
 * </ul>
 *
 * <h2>Keeping the books (orders, the broker's check-back, the reconciliation)</h2>
 * <ul>
 * <li>{@link io.seckill.stock.StockLog}, {@link io.seckill.stock.StockLogStatus}: a row per deduction,
 * INIT until it is DONE (an order) or ROLLED_BACK (units returned).</li>
 * <li>{@link io.seckill.stock.StockSettlement}: what a stale or failed deduction becomes, units included.</li>
 * <li>{@link io.seckill.stock.StockDeduction}: the message that carries a batch's deductions to the
 * database stock.</li>
 * <li>{@link io.seckill.stock.ItemStock}: the database's stock of each item.</li>
 * <li>{@link io.seckill.stock.StockRecovery}, {@link io.seckill.stock.StockCounterMissingException}: a
 * counter Redis lost, rebuilt from the database; a transfer between buckets left halfway, finished.</li>
 * </ul>
 */
package io.seckill.stock;
