-- Put a lost stock counter back, with the buyers of the item's promos, in one step: a release (a
-- cancellation) running in between would otherwise create the counter with only its own units and
-- keep the rebuilt value out.
-- KEYS[1] stock counter of the item, KEYS[2..n] hash of each promo's buyers (userId -> orderId), all with
-- the item's stock pool hash tag (StockKeys.tag)
-- ARGV[1] units for the counter; then for each buyers hash in KEYS order: the number of buyers,
-- followed by that many userId, orderId pairs
-- Returns (as read by stock.StockLedger.Rebuild) 1 if the counter was rebuilt, 0 if a counter was there
-- already (nothing is changed then).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local next = 2
for key = 2, #KEYS do
  local buyers = tonumber(ARGV[next])
  next = next + 1
  for _ = 1, buyers do
    redis.call('HSETNX', KEYS[key], ARGV[next], ARGV[next + 1])
    next = next + 2
  end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
