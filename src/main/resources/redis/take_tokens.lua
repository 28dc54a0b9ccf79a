-- Use a batch of promo tokens up at once, each whatever it turns out to be, and say how long each had
-- left if it was good. The keys share one stock pool's hash tag (GateKeys.token): one call per pool.
-- KEYS[i] the i-th token's key, ARGV[i] the owner it must name (userId:promoId)
-- Returns {left_1, left_2, ...}: milliseconds left (at least 1) if it named that owner, else 0.
local reply = {}
for i = 1, #KEYS do
  local owner = redis.call('GET', KEYS[i])
  local left = 0
  if owner then
    left = redis.call('PTTL', KEYS[i])
    redis.call('DEL', KEYS[i])
    if owner ~= ARGV[i] then
      left = 0
    elseif left < 1 then
      left = 1
    end
  end
  reply[i] = left
end
return reply
