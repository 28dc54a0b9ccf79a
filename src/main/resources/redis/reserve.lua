-- Reserve units of an item's stock pool for one buyer of a promo, all or nothing.
-- KEYS[1] stock counter of the item, KEYS[2] hash of the promo's buyers (userId -> orderId)
-- ARGV[1] userId, ARGV[2] quantity, ARGV[3] orderId
-- Returns {outcome, value}; outcome codes are mapped by stock.Reservation.Outcome:
--   0 RESERVED (value = units left), 1 SOLD_OUT (value = units left),
--   2 ALREADY_PURCHASED (value = the live order id), 3 NO_COUNTER (stock never warmed or lost)
local left = redis.call('GET', KEYS[1])
if not left then
  return {3, 0}
end
left = tonumber(left)
local quantity = tonumber(ARGV[2])
if left < quantity then
  return {1, left}
end
local holder = redis.call('HGET', KEYS[2], ARGV[1])
if holder then
  return {2, tonumber(holder)}
end
left = redis.call('DECRBY', KEYS[1], quantity)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return {0, left}
