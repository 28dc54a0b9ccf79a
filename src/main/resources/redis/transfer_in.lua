-- Second half of a transfer between buckets (StockTransfers): credit the receiver once, however often it
-- is finished (a node that died halfway leaves it to another). A receiver whose counter is gone (its shard
-- lost it) is not credited: the transfer waits in the donor's outbox until the counter is rebuilt, which
-- counts it as on its way. The keys share the receiving bucket's hash tag.
-- KEYS[1] the receiver's counter, KEYS[2] the transfer's received mark
-- ARGV[1] units, ARGV[2] seconds the mark is kept (longer than any transfer can stay unfinished)
-- Returns 1 credited now, 0 credited before, -1 no counter to credit.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', tonumber(ARGV[2])) then
  return 0
end
redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
return 1
