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
-- The lease's mark goes from the account's leases hash (unless a newer lease of the same instance replaced it), and the
-- call publishes `returned:<lessee>:<account>` on the lease channel: a refusal another instance remembers for the account
-- may be stale, and a request waiting for a reclaim may try again.
--
-- KEYS: as sliding_window.lua: for each window i: KEYS[2i-1] = bucket sorted set (unused here), KEYS[2i] = count
--       hash; then the usage hash of the day the lease was counted in; then the account's leases hash.
-- ARGV: [1] usage ttl (s), [2] n = number of windows, [3] the lessee id (the lease's field in the leases hash) and
--       [4] the lease's sequence number, [5] the lease events channel, then for each window i the start (ms) of the bucket the lease was counted in, then the number
--       of permits to return, then usage corrections as key id, delta: the taker's delta is negative (what other keys
--       or nobody used), the others' positive.
-- Returns: the number of windows the permits went back to.

local window_count = tonumber(ARGV[2])
local unused = tonumber(ARGV[6 + window_count])
local returned = 0
local leases_key = KEYS[2 * window_count + 2]
local mark = redis.call('HGET', leases_key, ARGV[3])
if mark and string.match(mark, ':(%d+)$') == ARGV[4] then
  redis.call('HDEL', leases_key, ARGV[3])
end

if unused > 0 then
  for i = 1, window_count do
    local hkey = KEYS[2 * i]
    local bucket = ARGV[5 + i]
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
for r = 7 + window_count, #ARGV, 2 do
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

redis.call('PUBLISH', ARGV[5], 'returned:' .. ARGV[3] .. ':' .. string.match(leases_key, '{(.-)}'))

return returned
