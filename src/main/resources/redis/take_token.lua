-- Use a promo token up, whatever it turns out to be, and say how long it had left if it was good, so
-- that a refusal that deducted nothing (BUSY) can hand it back for the rest of its life.
-- KEYS[1] the token's key, ARGV[1] the owner it must name (userId:promoId)
-- Returns the milliseconds it had left (at least 1) if it named that owner, else 0; it is gone either way.
local owner = redis.call('GET', KEYS[1])
if not owner then
  return 0
end
local left = redis.call('PTTL', KEYS[1])
redis.call('DEL', KEYS[1])
if owner ~= ARGV[1] then
  return 0
end
if left < 1 then
  return 1
end
return left
