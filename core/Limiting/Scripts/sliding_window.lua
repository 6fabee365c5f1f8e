-- Sliding-window limiter over time buckets: checks every window of one account and counts, in all of them
-- at once, as many of the given requests as every window has room for, in their order. One atomic call, one
-- round trip, for one request or for a batch of one account's requests that arrived together.
--
-- Each window keeps a sorted set of bucket starts (member and score = bucket start in ms) and a hash
-- of per-bucket counts plus a running "total" and the "oldest" bucket start. A bucket is dropped once its
-- whole span has left the window (start <= now - window - bucket), so a bucket at the edge counts whole: the
-- limiter may refuse up to one bucket early but never admits more than the limit in any span of the window's
-- length. Memory per window is bounded by window / bucket + 1 members, whatever the traffic.
--
-- The clock is Redis TIME, the one clock every gateway shares: with `now` from each caller, gateways whose
-- clocks disagree by tens of ms at a bucket edge would open different buckets and shorten the keys' expiry, and a
-- window's counts would vanish while it is still open. Everything the script returns is a duration from that now
-- (reset_ms, retry_after_ms), so a gateway's headers and Retry-After are right whatever its own clock says.
-- As a defence (a Redis clock stepped back by NTP), expiry is only ever extended, never shortened, and
-- "oldest" stays the smallest bucket start.
--
-- Redis TIME serves one other purpose: the deadline. A caller that stops waiting (its Redis timeout) answers
-- its client without the limiter, but its call may still sit unread in a hung Redis's socket. So the caller
-- sends the Redis time after which it will have given up; a call that runs later counts nothing and answers
-- `late`. The caller learns Redis's clock from the time each answer carries (see RedisClock.cs).
--
-- Cost per call in the steady state: per window one HMGET (total, oldest and the current bucket's count)
-- and one HSET (the new count and total), one HINCRBY per key of the usage, and TIME; the same for a batch as
-- for one request. The sorted set is touched only when a bucket leaves or opens (trim, ZADD, expiry), about
-- once per bucket.
--
-- KEYS: for each window i: KEYS[2i-1] = bucket sorted set, KEYS[2i] = count hash;
--       then the last key = the account's usage hash of the current day (field = key id).
--       (The caller names the usage day from its own clock: it only attributes usage to a UTC day.)
-- ARGV: [1] usage ttl (s),
--       [2] enforce: 1 = count only what every window has room for; 0 = shadow mode: count everything
--       and report what enforcing would have decided,
--       [3] deadline: Redis time (µs since the epoch) after which the call must not count; 0 = none,
--       [4] n = number of windows, then for each window i: limit, window length (ms), bucket size (ms),
--       then the requests in arrival order, as runs of one key: key id, number of requests
--       (no runs = only report).
-- Returns: { admitted, retry_after_ms, redis_time_us, then for each window i: used_before, reset_ms }
--   admitted is how many of the requests, from the first, are within every limit (in shadow mode: how many
--   enforcing would have admitted; all are counted), or -1 when the call ran after its deadline and did
--   nothing (no window values follow); used_before is what the window counted before this call (request k,
--   counted, sees used_before + k); reset_ms is the time until the oldest counted bucket leaves the window
--   (0 when the window counts nothing); retry_after_ms is, when some requests were refused, the time until
--   one more would be admitted, else 0; redis_time_us is Redis TIME when the call ran.

local clock = redis.call('TIME')
local redis_time = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local deadline = tonumber(ARGV[3])
if deadline > 0 and redis_time > deadline then
  return { -1, 0, redis_time }
end

local now = math.floor(redis_time / 1000)
local enforce = ARGV[2] == '1'
local window_count = tonumber(ARGV[4])
local first_run = 5 + 3 * window_count

local requests = 0
for r = first_run, #ARGV, 2 do
  requests = requests + tonumber(ARGV[r + 1])
end

local totals, oldests, currents, starts, limits, lengths, sizes = {}, {}, {}, {}, {}, {}, {}
local admitted = requests

local function fmt(n) return string.format('%d', n) end

-- Sets the key's time to live to ttl ms unless it already lives longer: never shortens it. (GT alone would leave a
-- new key, which has no expiry, without one.)
local function extend_expiry(key, ttl)
  if redis.call('PEXPIRE', key, ttl, 'NX') == 0 then
    redis.call('PEXPIRE', key, ttl, 'GT')
  end
end

-- Start of the oldest bucket in the sorted set, or nil.
local function oldest(zkey)
  local first = redis.call('ZRANGE', zkey, 0, 0, 'WITHSCORES')
  if #first == 0 then return nil end
  return tonumber(first[2])
end

for i = 1, window_count do
  local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
  local limit = tonumber(ARGV[2 + 3 * i])
  local length = tonumber(ARGV[3 + 3 * i])
  local size = tonumber(ARGV[4 + 3 * i])
  local start = now - (now % size)
  limits[i], lengths[i], sizes[i], starts[i] = limit, length, size, start

  local state = redis.call('HMGET', hkey, 'total', 'oldest', fmt(start))
  local total = tonumber(state[1] or '0')
  local old = state[2] and tonumber(state[2]) or nil
  local current = tonumber(state[3] or '0')
  if old == nil and total > 0 then
    -- Written before the hash kept "oldest": read it from the sorted set once.
    old = oldest(zkey)
  end
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
    old = oldest(zkey)
    if old == nil then
      redis.call('HDEL', hkey, 'oldest')
      redis.call('HSET', hkey, 'total', total)
    else
      redis.call('HSET', hkey, 'total', total, 'oldest', fmt(old))
    end
  end
  totals[i], oldests[i], currents[i] = total, old, current

  local room = limit - total
  if room < 0 then room = 0 end
  if room < admitted then admitted = room end
end

-- When not all were admitted: how long until one more request fits, after the admitted ones are counted.
-- Walk each full window's buckets from the oldest until enough would have left it.
local retry_after = 0
if admitted < requests then
  for i = 1, window_count do
    local total = totals[i] + admitted
    if total + 1 > limits[i] then
      local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
      local members = redis.call('ZRANGE', zkey, 0, -1)
      local wait = lengths[i] + sizes[i]
      if #members > 0 then
        local counts = redis.call('HMGET', hkey, unpack(members))
        local freed = 0
        for j = 1, #members do
          freed = freed + tonumber(counts[j] or '0')
          if total - freed + 1 <= limits[i] then
            wait = tonumber(members[j]) + lengths[i] + sizes[i] - now
            break
          end
        end
      end
      if wait > retry_after then retry_after = wait end
    end
  end
end

local counted = admitted
if not enforce then counted = requests end

if counted > 0 then
  for i = 1, window_count do
    local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
    local bucket = fmt(starts[i])
    if currents[i] == 0 then
      -- A new bucket is the last to leave the window: both keys live at least until it does.
      local ttl = fmt(starts[i] + lengths[i] + sizes[i] - now)
      redis.call('ZADD', zkey, bucket, bucket)
      extend_expiry(zkey, ttl)
      if oldests[i] == nil or starts[i] < oldests[i] then
        oldests[i] = starts[i]
        redis.call('HSET', hkey, bucket, counted, 'total', totals[i] + counted, 'oldest', bucket)
      else
        redis.call('HSET', hkey, bucket, counted, 'total', totals[i] + counted)
      end
      extend_expiry(hkey, ttl)
    else
      redis.call('HSET', hkey, bucket, currents[i] + counted, 'total', totals[i] + counted)
    end
  end

  -- Usage per key of what was counted, the earliest requests first.
  local usage_key = KEYS[2 * window_count + 1]
  local left = counted
  for r = first_run, #ARGV, 2 do
    if left <= 0 then break end
    local n = tonumber(ARGV[r + 1])
    if n > left then n = left end
    left = left - n
    if redis.call('HINCRBY', usage_key, ARGV[r], n) == n then
      redis.call('EXPIRE', usage_key, ARGV[1])
    end
  end
end

local result = { admitted, retry_after, redis_time }
for i = 1, window_count do
  local reset = 0
  if oldests[i] ~= nil then
    reset = oldests[i] + lengths[i] + sizes[i] - now
  end
  result[#result + 1] = totals[i]
  result[#result + 1] = reset
end
return result
