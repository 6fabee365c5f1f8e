-- Sliding-window limiter over time buckets: checks every window of one account and, only when all
-- have room, counts the request in all of them. One atomic call, one round trip.
--
-- Each window keeps a sorted set of bucket starts (member and score = bucket start in ms) and a hash
-- of per-bucket counts plus a running "total". A bucket is dropped once its whole span has left the
-- window (start <= now - window - bucket), so a bucket at the edge counts whole: the limiter may refuse
-- up to one bucket early but never admits more than the limit in any span of the window's length.
-- Memory per window is bounded by window / bucket + 1 members, whatever the traffic.
--
-- The clock is `now` passed in by the caller (its TimeProvider), not Redis TIME: tests drive it, and
-- the gateway's headers, Retry-After and key expiry all read the same clock.
--
-- KEYS: for each window i: KEYS[2i-1] = bucket sorted set, KEYS[2i] = count hash;
--       then the last key = the account's usage hash of the current day (field = key id).
-- ARGV: [1] now (ms), [2] cost (0 = only report), [3] key id for usage, [4] usage ttl (s),
--       then for each window i: limit, window length (ms), bucket size (ms).
-- Returns: { admitted (1|0), retry_after_ms, then for each window i: used, reset_ms }
--   used counts the request just admitted; reset_ms is the time until the oldest counted bucket
--   leaves the window (0 when the window counts nothing); retry_after_ms is 0 when admitted.

local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local window_count = (#ARGV - 4) / 3

local totals, limits, lengths, sizes = {}, {}, {}, {}
local admitted = 1
local retry_after = 0

local function fmt(n) return string.format('%d', n) end

for i = 1, window_count do
  local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
  local limit = tonumber(ARGV[4 + 3 * i - 2])
  local length = tonumber(ARGV[4 + 3 * i - 1])
  local size = tonumber(ARGV[4 + 3 * i])
  limits[i], lengths[i], sizes[i] = limit, length, size

  local cutoff = fmt(now - length - size)
  local total = tonumber(redis.call('HGET', hkey, 'total') or '0')
  local expired = redis.call('ZRANGEBYSCORE', zkey, '-inf', cutoff)
  if #expired > 0 then
    local counts = redis.call('HMGET', hkey, unpack(expired))
    for j = 1, #expired do
      total = total - tonumber(counts[j] or '0')
    end
    if total < 0 then total = 0 end
    redis.call('HDEL', hkey, unpack(expired))
    redis.call('ZREMRANGEBYSCORE', zkey, '-inf', cutoff)
    redis.call('HSET', hkey, 'total', total)
  end
  totals[i] = total

  if total + cost > limit then
    admitted = 0
    -- Walk buckets from the oldest until enough would have left the window to admit `cost`.
    local members = redis.call('ZRANGE', zkey, 0, -1)
    local wait = length + size
    if #members > 0 then
      local counts = redis.call('HMGET', hkey, unpack(members))
      local freed = 0
      for j = 1, #members do
        freed = freed + tonumber(counts[j] or '0')
        if total - freed + cost <= limit then
          wait = tonumber(members[j]) + length + size - now
          break
        end
      end
    end
    if wait > retry_after then retry_after = wait end
  end
end

if admitted == 1 and cost > 0 then
  for i = 1, window_count do
    local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
    local bucket = fmt(now - (now % sizes[i]))
    local ttl = fmt(lengths[i] + sizes[i])
    redis.call('ZADD', zkey, 'NX', bucket, bucket)
    redis.call('HINCRBY', hkey, bucket, cost)
    redis.call('HINCRBY', hkey, 'total', cost)
    redis.call('PEXPIRE', zkey, ttl)
    redis.call('PEXPIRE', hkey, ttl)
    totals[i] = totals[i] + cost
  end
  local usage_key = KEYS[2 * window_count + 1]
  redis.call('HINCRBY', usage_key, ARGV[3], cost)
  redis.call('EXPIRE', usage_key, ARGV[4])
end

local result = { admitted, retry_after }
for i = 1, window_count do
  local reset = 0
  local oldest = redis.call('ZRANGE', KEYS[2 * i - 1], 0, 0)
  if #oldest > 0 then
    reset = tonumber(oldest[1]) + lengths[i] + sizes[i] - now
  end
  result[#result + 1] = totals[i]
  result[#result + 1] = reset
end
return result
