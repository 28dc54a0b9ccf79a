-- First half of moving units from one bucket of an item's stock to another (StockTransfers): take up to
-- ARGV[2] units out of the donor and write the transfer down in the donor's outbox, in one step, so that
-- units on their way are never lost from the books, and count it among the transfers the donor started
-- (StockLedger's emptiness check looks for moves that began while it read). The keys share the donor
-- bucket's hash tag.
-- KEYS[1] the donor's counter, KEYS[2] the donor's outbox (transferId -> "receiver:units"),
-- KEYS[3] the donor's count of transfers started
-- ARGV[1] transferId, ARGV[2] units wanted, ARGV[3] the receiving bucket
-- Returns the units taken out (0 when the donor had none left).
local left = tonumber(redis.call('GET', KEYS[1]) or '0')
if left <= 0 then
  return 0
end
local units = math.min(left, tonumber(ARGV[2]))
redis.call('DECRBY', KEYS[1], units)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3] .. ':' .. units)
redis.call('INCR', KEYS[3])
return units
