-- Check the buyer's captcha and issue a single-use promo token if the gate is still open, in one step.
-- All five keys carry the hash tag of the buyer's home bucket (StockKeys.tag), so they share a Redis
-- Cluster slot.
-- KEYS[1] the bucket's stock counter, KEYS[2] hash of the promo's buyers in the bucket,
-- KEYS[3] count of tokens the bucket issued for the promo, KEYS[4] the token's own key, KEYS[5] the buyer's captcha
-- ARGV[1] userId, ARGV[2] the bucket's gate size (most tokens it ever issues), ARGV[3] token value,
-- ARGV[4] ttl seconds, ARGV[5] the buyer's answer, upper case, ARGV[6] '1' if the item has other buckets
-- Returns {outcome, value, dry}; the outcome codes are those of gate.internal.TokenIssuer.Answer:
--   0 ISSUED, 1 SOLD_OUT, 2 ALREADY_PURCHASED (value = order id), 3 GATE_CLOSED, 4 NO_COUNTER,
--   5 CAPTCHA_WRONG (the captcha is used up either way: one captcha, one guess);
--   dry = 1 when this bucket is empty but the item has other buckets, which may still hold units: the checks
--   went on as if it were not, and the caller refills the bucket or, when every bucket is empty, answers
--   SOLD_OUT instead (taking an issued token back)
local answer = redis.call('GET', KEYS[5])
if answer then
  redis.call('DEL', KEYS[5])
end
if not answer or answer ~= ARGV[5] then
  return {5, 0, 0}
end
local left = redis.call('GET', KEYS[1])
if not left then
  return {4, 0, 0}
end
local dry = 0
if tonumber(left) <= 0 then
  if ARGV[6] ~= '1' then
    return {1, 0, 0}
  end
  dry = 1
end
local holder = redis.call('HGET', KEYS[2], ARGV[1])
if holder then
  return {2, tonumber(holder), dry}
end
local issued = redis.call('INCR', KEYS[3])
if issued > tonumber(ARGV[2]) then
  return {3, issued - 1, dry}
end
redis.call('SET', KEYS[4], ARGV[3], 'EX', tonumber(ARGV[4]))
return {0, issued, dry}
