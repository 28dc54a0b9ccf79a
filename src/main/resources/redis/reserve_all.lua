-- Reserve units for a batch of orders, each all or nothing, in the order given, so a batch of N orders
-- costs one round trip instead of N. A buyer who appears twice in one batch gets the units once and
-- ALREADY_PURCHASED the second time. Every key carries the item's stock pool hash tag (StockKeys.tag):
-- on a Redis Cluster the caller sends one call per pool.
-- For claim i (1-based): KEYS[2i-1] the counter of its buyer's home bucket, KEYS[2i] that bucket's hash of
-- the promo's buyers; ARGV[4i-3] userId, ARGV[4i-2] quantity, ARGV[4i-1] orderId, ARGV[4i] '1' if the item has
-- other buckets: then a buyer who holds an order is told so even when this bucket is short (the others may not be).
-- Returns {outcome_1, value_1, outcome_2, value_2, ...}, the codes of stock.Reservation.Outcome:
--   0 RESERVED (value = units left), 1 SOLD_OUT (value = units left),
--   2 ALREADY_PURCHASED (value = the live order id), 3 NO_COUNTER (stock never warmed or lost)
local reply = {}
for i = 1, #KEYS / 2 do
  local counter, buyers = KEYS[2 * i - 1], KEYS[2 * i]
  local user, quantity, order, others = ARGV[4 * i - 3], tonumber(ARGV[4 * i - 2]), ARGV[4 * i - 1], ARGV[4 * i]
  local left = redis.call('GET', counter)
  if not left then
    reply[2 * i - 1], reply[2 * i] = 3, 0
  else
    left = tonumber(left)
    local short = left < quantity
    local holder = false
    if not short or others == '1' then
      holder = redis.call('HGET', buyers, user)
    end
    if holder then
      reply[2 * i - 1], reply[2 * i] = 2, tonumber(holder)
    elseif short then
      reply[2 * i - 1], reply[2 * i] = 1, left
    else
      reply[2 * i - 1], reply[2 * i] = 0, redis.call('DECRBY', counter, quantity)
      redis.call('HSET', buyers, user, order)
    end
  end
end
return reply
