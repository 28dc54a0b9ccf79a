-- Second half of a transfer between buckets (StockTransfers): credit the receiver once, however often it
-- is finished (a node that died halfway leaves it to another). A receiver whose counter is gone (its shard
-- lost it) is not credited: the transfer waits in the donor's outbox until the counter is rebuilt, which
-- counts it as on its way. The keys share the receiving bucket's hash tag.
-- KEYS[1] the receiver's counter, KEYS[2] the transfers the receiver has had (sorted set: id -> epoch ms)
-- ARGV[1] transfer id, ARGV[2] units, ARGV[3] now (epoch ms), ARGV[4] ms a received transfer is remembered
-- (longer than any transfer can stay unfinished)
-- Returns (as read by stock.internal.StockTransfers.Credit) 1 credited now, 0 credited before, -1 no counter
-- to credit.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local now = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[4]))
if redis.call('ZADD', KEYS[2], 'NX', now, ARGV[1]) == 0 then
  return 0
end
redis.call('INCRBY', KEYS[1], tonumber(ARGV[2]))
return 1
