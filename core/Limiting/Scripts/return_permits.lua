-- Returns the unused permits of a lease (see Leases/LeasingRateLimiter.cs) to the buckets sliding_window.lua counted
-- them in, and moves the lease's per-key usage to the keys that really used it. One atomic call on the account's slot.
--
-- A lease is taken by one sliding_window.lua call that counts n requests of one key (the "taker") in the current
-- bucket of every window. It serves requests only while that bucket is current, so every request it admitted lies in
-- the bucket it was counted in, and the bucket counts it for as long as the window must. What it did not use is taken
-- out of that same bucket and its window's total: the count then holds exactly what was admitted, never less. A
-- bucket that is gone (it left its window, or the account's windows were reset) is left alone: there is nothing of
-- the lease in it to return. Nothing is ever taken below zero.
--
-- KEYS: as sliding_window.lua: for each window i: KEYS[2i-1] = bucket sorted set (unused here), KEYS[2i] = count
--       hash; then the last key = the usage hash of the day the lease was counted in.
-- ARGV: [1] usage ttl (s), [2] n = number of windows, then for each window i the start (ms) of the bucket the lease
--       was counted in, then the number of permits to return, then usage corrections as key id, delta: the taker's
--       delta is negative (what other keys or nobody used), the others' positive.
-- Returns: the number of windows the permits went back to.

local window_count = tonumber(ARGV[2])
local unused = tonumber(ARGV[3 + window_count])
local returned = 0

if unused > 0 then
  for i = 1, window_count do
    local hkey = KEYS[2 * i]
    local bucket = ARGV[2 + i]
    local state = redis.call('HMGET', hkey, bucket, 'total')
    if state[1] then
      local count = tonumber(state[1])
      local total = tonumber(state[2] or '0')
      local back = unused
      if count < back then back = count end
      if total < back then back = total end
      if back > 0 then
        redis.call('HSET', hkey, bucket, string.format('%d', count - back), 'total', string.format('%d', total - back))
        returned = returned + 1
      end
    end
  end
end

local usage_key = KEYS[2 * window_count + 1]
for r = 4 + window_count, #ARGV, 2 do
  local delta = tonumber(ARGV[r + 1])
  if delta < 0 then
    local has = tonumber(redis.call('HGET', usage_key, ARGV[r]) or '0')
    if -delta > has then delta = -has end
  end
  if delta ~= 0 then
    if redis.call('HINCRBY', usage_key, ARGV[r], delta) == delta then
      redis.call('EXPIRE', usage_key, ARGV[1])
    end
  end
end

return returned
