-- Reserve units for a batch of orders, each all or nothing, in the order given, so a batch of N orders
-- costs one round trip instead of N. A buyer who appears twice in one batch gets the units once and
-- ALREADY_PURCHASED the second time. Every key carries the item's stock pool hash tag (StockKeys.tag):
-- on a Redis Cluster the caller sends one call per pool.
-- For claim i (1-based): KEYS[2i-1] stock counter of its item, KEYS[2i] hash of its promo's buyers;
-- ARGV[3i-2] userId, ARGV[3i-1] quantity, ARGV[3i] orderId.
-- Returns {outcome_1, value_1, outcome_2, value_2, ...}, the codes of stock.Reservation.Outcome:
--   0 RESERVED (value = units left), 1 SOLD_OUT (value = units left),
--   2 ALREADY_PURCHASED (value = the live order id), 3 NO_COUNTER (stock never warmed or lost)
local reply = {}
for i = 1, #KEYS / 2 do
  local counter, buyers = KEYS[2 * i - 1], KEYS[2 * i]
  local user, quantity, order = ARGV[3 * i - 2], tonumber(ARGV[3 * i - 1]), ARGV[3 * i]
  local left = redis.call('GET', counter)
  if not left then
    reply[2 * i - 1], reply[2 * i] = 3, 0
  else
    left = tonumber(left)
    if left < quantity then
      reply[2 * i - 1], reply[2 * i] = 1, left
    else
      local holder = redis.call('HGET', buyers, user)
      if holder then
        reply[2 * i - 1], reply[2 * i] = 2, tonumber(holder)
      else
        reply[2 * i - 1], reply[2 * i] = 0, redis.call('DECRBY', counter, quantity)
        redis.call('HSET', buyers, user, order)
      end
    end
  end
end
return reply
