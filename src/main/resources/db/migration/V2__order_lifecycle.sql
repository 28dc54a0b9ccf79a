-- Units of a cancelled or expired order come back: the stock-log row goes DONE -> RETURNED.
-- counter_released: for ROLLED_BACK and RETURNED rows, whether the Redis counter has got the units
-- back (or never had them taken). The reconciliation sweeps rows where it is still FALSE.
ALTER TABLE stock_log ADD COLUMN counter_released BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE stock_log SET counter_released = TRUE WHERE status = 'ROLLED_BACK';
CREATE INDEX ix_stock_log_unreleased ON stock_log (counter_released, status);

-- The stock an item was created with: the consistency check compares against it.
ALTER TABLE item_stock ADD COLUMN initial INT NOT NULL DEFAULT 0;
UPDATE item_stock SET initial = stock + sales;

-- The expiry scan looks for UNPAID orders past their pay-by time.
CREATE INDEX ix_orders_status_pay_by ON orders (status, pay_by);
CREATE INDEX ix_orders_item_status ON orders (item_id, status);
