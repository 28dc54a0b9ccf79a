-- Give a reservation's units back, exactly once: only while the buyer entry still names this order.
-- KEYS[1] stock counter of the item, KEYS[2] hash of the promo's buyers (one stock pool's hash tag)
-- ARGV[1] userId, ARGV[2] quantity, ARGV[3] orderId
-- Returns (as read by stock.StockLedger.Release) the units left after the release; -1 when there was nothing
-- (any more) to release; -2 when the counter is missing (Redis lost it): nothing is changed then, because a
-- rebuild from a database read taken before this order was cancelled would put the buyer back and leave these
-- units out. The caller retries once the counter is rebuilt, and the buyer entry the rebuild wrote (or did
-- not) decides.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -2
end
local holder = redis.call('HGET', KEYS[2], ARGV[1])
if holder ~= ARGV[3] then
  return -1
end
redis.call('HDEL', KEYS[2], ARGV[1])
return redis.call('INCRBY', KEYS[1], tonumber(ARGV[2]))
