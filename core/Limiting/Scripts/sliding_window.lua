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
-- Redis TIME serves one other purpose: the deadline. A caller that stops waiting (its Redis timeout) answers
-- its client without the limiter, but its call may still sit unread in a hung Redis's socket. So the caller
-- sends the Redis time after which it will have given up; a call that runs later counts nothing and answers
-- `late`. The caller learns Redis's clock from the time each answer carries (see RedisClock.cs).
--
-- Cost per call in the steady state: per window one HGET and one ZRANGE (the oldest bucket tells both
-- whether anything must be trimmed and when capacity frees up), then ZADD and two HINCRBY to count.
-- Trimming and setting expiry happen only when a bucket leaves or opens, about once per bucket.
--
-- KEYS: for each window i: KEYS[2i-1] = bucket sorted set, KEYS[2i] = count hash;
--       then the last key = the account's usage hash of the current day (field = key id).
-- ARGV: [1] now (ms), [2] cost (0 = only report), [3] key id for usage, [4] usage ttl (s),
--       [5] enforce: 1 = count only when every window has room; 0 = shadow mode: count anyway
--       and report what enforcing would have decided,
--       [6] deadline: Redis time (µs since the epoch) after which the call must not count; 0 = none,
--       then for each window i: limit, window length (ms), bucket size (ms).
-- Returns: { within_limits (1|0|-1), retry_after_ms, redis_time_us, then for each window i: used, reset_ms }
--   within_limits is the decision (in shadow mode: the decision enforcing would have made), or -1 when the
--   call ran after its deadline and did nothing (no window values follow); used counts the request just
--   recorded; reset_ms is the time until the oldest counted bucket leaves the window (0 when the window
--   counts nothing); retry_after_ms is 0 when within limits; redis_time_us is Redis TIME when the call ran.

local clock = redis.call('TIME')
local redis_time = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local deadline = tonumber(ARGV[6])
if deadline > 0 and redis_time > deadline then
  return { -1, 0, redis_time }
end

local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local enforce = ARGV[5] == '1'
local window_count = (#ARGV - 6) / 3

local totals, oldests, lengths, sizes = {}, {}, {}, {}
local within = 1
local retry_after = 0

local function fmt(n) return string.format('%d', n) end

-- Start of the oldest bucket the window counts, or nil.
local function oldest(zkey)
  local first = redis.call('ZRANGE', zkey, 0, 0, 'WITHSCORES')
  if #first == 0 then return nil end
  return tonumber(first[2])
end

for i = 1, window_count do
  local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
  local limit = tonumber(ARGV[6 + 3 * i - 2])
  local length = tonumber(ARGV[6 + 3 * i - 1])
  local size = tonumber(ARGV[6 + 3 * i])
  lengths[i], sizes[i] = length, size

  local total = tonumber(redis.call('HGET', hkey, 'total') or '0')
  local old = oldest(zkey)
  local cutoff = now - length - size
  if old ~= nil and old <= cutoff then
    local expired = redis.call('ZRANGEBYSCORE', zkey, '-inf', fmt(cutoff))
    local counts = redis.call('HMGET', hkey, unpack(expired))
    for j = 1, #expired do
      total = total - tonumber(counts[j] or '0')
    end
    if total < 0 then total = 0 end
    redis.call('HDEL', hkey, unpack(expired))
    redis.call('ZREMRANGEBYSCORE', zkey, '-inf', fmt(cutoff))
    redis.call('HSET', hkey, 'total', total)
    old = oldest(zkey)
  end
  totals[i], oldests[i] = total, old

  if total + cost > limit then
    within = 0
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

if cost > 0 and (within == 1 or not enforce) then
  for i = 1, window_count do
    local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
    local start = now - (now % sizes[i])
    local bucket = fmt(start)
    local opened = redis.call('ZADD', zkey, 'NX', bucket, bucket) == 1
    redis.call('HINCRBY', hkey, bucket, cost)
    redis.call('HINCRBY', hkey, 'total', cost)
    if opened then
      -- A new bucket is the last to leave the window: both keys live exactly until it does.
      local ttl = fmt(start + lengths[i] + sizes[i] - now)
      redis.call('PEXPIRE', zkey, ttl)
      redis.call('PEXPIRE', hkey, ttl)
      if oldests[i] == nil then oldests[i] = start end
    end
    totals[i] = totals[i] + cost
  end
  local usage_key = KEYS[2 * window_count + 1]
  if redis.call('HINCRBY', usage_key, ARGV[3], cost) == cost then
    redis.call('EXPIRE', usage_key, ARGV[4])
  end
end

local result = { within, retry_after, redis_time }
for i = 1, window_count do
  local reset = 0
  if oldests[i] ~= nil then
    reset = oldests[i] + lengths[i] + sizes[i] - now
  end
  result[#result + 1] = totals[i]
  result[#result + 1] = reset
end
return result
