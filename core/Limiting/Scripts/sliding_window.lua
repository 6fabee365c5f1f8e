-- Sliding-window limiter over time buckets: checks every window of one account and counts, in all of them at
-- once, each of the given requests that every window has room for, in their order. One atomic call, one round
-- trip, for one request or for a batch of one account's requests that arrived together.
--
-- A request takes `cost` units (the route's Cost) from every window: it is counted whole in all of them or, when
-- any window lacks room for all of it, refused whole and counted nowhere. The requests of a batch are decided one
-- after another in arrival order, each against what the earlier ones took, exactly as if each had come alone: a
-- cheap request behind a refused dear one can still be admitted.
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
-- Overage: one window (the month) may bill instead of refusing. Past its limit it admits up to `cap` more units
-- (no cap: any number) and adds the units past the limit to the account's overage hash (field `pending`) in this
-- same call, so what is metered is exactly what was admitted, whatever crashes afterwards. The other windows still
-- refuse.
--
-- Billing period: the month of a tier on MonthlyWindow=BillingPeriod is no sliding window but one fixed window per
-- billing period of the account, [start, end), counted in its count hash as `end` (Unix ms) and `total`: two fields,
-- whatever the traffic, expiring a minute past the period's end (its bucket set is never written). The caller knows
-- the account's anchor and computes the periods; Redis TIME says which one a call counts in: the caller sends the
-- bounds of four consecutive periods around its estimate of Redis's time (e0 < e1 < e2 < e3, each period's end is the
-- next one's start) and the script picks the period [ek-1, ek) that holds now. So every gateway counts into the same
-- period, even those whose clocks or estimates fall on the other side of a boundary; a now outside [e0, e3) (an
-- estimate off by more than a month, e.g. Redis's clock jumped) answers `stale period` and counts nothing, and the
-- caller asks again with bounds around the time it answered. The stored period ends when now reaches its `end`: a
-- call in a later period starts it again at zero. A stored period still running with a different end (the anchor
-- moved: a Stripe checkout) keeps its count and takes the later of the two ends, so re-anchoring never frees quota.
-- reset_ms of this window is always end - now; a refused request waits until end.
--
-- Usage events: when a counted call takes a window from below an alert threshold (a percent of its limit) to at
-- or above it, or when a window refuses a request, and the account has webhook endpoints (its webhooks hash
-- exists), the script appends a `usage.threshold` or `usage.limited` event to the account's outbox stream, once per
-- window period: a marker key per window and threshold (SET NX with the window's length as its lifetime) says it
-- has fired (for the billing-period month: lifetime until the period's end). Only the call that crosses pays for those commands.
--
-- Cost per call in the steady state: per window one HMGET (total, oldest and the current bucket's count)
-- and one HSET (the new count and total), one HINCRBY per key of the usage, and TIME; the same for a batch as
-- for one request. The sorted set is touched only when a bucket leaves or opens (trim, ZADD, expiry), about
-- once per bucket.
--
-- KEYS: for each window i: KEYS[2i-1] = bucket sorted set, KEYS[2i] = count hash (the billing-period window uses
--       only its count hash);
--       then the account's usage hash of the current day (field = key id),
--       (The caller names the usage day from its own clock: it only attributes usage to a UTC day.)
--       then the account's webhooks hash (only tested for existence), its events stream, its overage hash and its
--       leases hash,
--       then, when there are alert thresholds, for each window i and threshold j the threshold's marker key, and for
--       each window i its limited marker: KEYS[u + (i-1)*(a+1) + j] and KEYS[u + i*(a+1)], u = 2n + 5.
-- ARGV: [1] usage ttl (s),
--       [2] enforce: 1 = count only what every window has room for; 0 = shadow mode: count everything
--       and report what enforcing would have decided,
--       [3] deadline: Redis time (µs since the epoch) after which the call must not count; 0 = none,
--       [4] n = number of windows,
--       [5] the window that bills overage (1..n), 0 = none, [6] its overage cap in units, -1 = none,
--       [7] the window that follows the billing period (1..n), 0 = none, [8..11] e0, e1, e2, e3: the ends of four
--       consecutive billing periods (Unix ms), see "Billing period" (0 when none),
--       [12] the calling instance's lessee id ('' = leases off: the leases hash is neither read nor written),
--       [13] for a lease's take: its sequence number on that instance (> 0), else 0,
--       [14] for a take: how long (ms) its lease may hold unused permits, [15] the lease events channel,
--       [16] a = number of alert thresholds, then the a percents,
--       then for each window i: name, limit, window length (ms), bucket size (ms),
--       then the requests in arrival order, as runs of one key and one cost: key id, number of requests, cost
--       (no runs = only report).
-- Permit leases: a take (a call counting several requests that one instance then admits without a round trip) records
-- its lease in the account's leases hash in this same call: field = the instance's lessee id, value = '<until>:<n>', the
-- Redis time (ms) until which the lease may hold unused permits and its sequence number (an instance's newer lease
-- replaces its older one's mark). A call that refuses a request, or only reports, with a lessee id reads that hash:
-- live leases of other instances may hold the permits it lacks, so it publishes `reclaim:<lessee>:<account>` on the
-- lease channel (every other instance ends its lease of the account at once, and the return publishes `returned:…`)
-- and answers how many there were; the caller waits for their returns and asks once more. Marks past their time go.
--
-- Returns: { admitted, redis_time_us, waits, then for each window i: used_before, reset_ms, then leases_elsewhere }
--   admitted is how many of the requests are within every limit (in shadow mode: how many enforcing would have
--   admitted; all are counted), or -1 when the call ran after its deadline and did nothing, or -2 when Redis's time
--   lies outside the billing periods it was sent and it did nothing (in both cases nothing else but the time follows); waits holds one number per request: 0 when admitted, else the time (ms, at least 1) until a
--   request of its cost would be admitted; used_before is what the window counted before this call; reset_ms is
--   the time until the oldest counted bucket leaves the window (0 when the window counts nothing); redis_time_us
--   is Redis TIME when the call ran; leases_elsewhere is the number of other instances' live leases of the account
--   when the call refused a request or only reported (else 0).

local clock = redis.call('TIME')
local redis_time = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local deadline = tonumber(ARGV[3])
if deadline > 0 and redis_time > deadline then
  return { -1, redis_time }
end

local now = math.floor(redis_time / 1000)
local enforce = ARGV[2] == '1'
local window_count = tonumber(ARGV[4])
local overage_window = tonumber(ARGV[5])
local overage_cap = tonumber(ARGV[6])
local period_window = tonumber(ARGV[7])
local period_end = nil
if period_window > 0 then
  local e0, e1, e2, e3 = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
  if now < e0 or now >= e3 then
    return { -2, redis_time }
  end
  if now < e1 then period_end = e1 elseif now < e2 then period_end = e2 else period_end = e3 end
end
local lessee, lease_seq, lease_ms, lease_channel = ARGV[12], ARGV[13], tonumber(ARGV[14]), ARGV[15]
local alert_count = tonumber(ARGV[16])
local alerts = {}
for j = 1, alert_count do
  alerts[j] = tonumber(ARGV[16 + j])
end
local first_window = 17 + alert_count
local first_run = first_window + 4 * window_count

local usage_key = KEYS[2 * window_count + 1]
local webhooks_key = KEYS[2 * window_count + 2]
local events_key = KEYS[2 * window_count + 3]
local overage_key = KEYS[2 * window_count + 4]
local leases_key = KEYS[2 * window_count + 5]
local marker_base = 2 * window_count + 5

local names, totals, oldests, currents, starts, limits, rooms, lengths, sizes = {}, {}, {}, {}, {}, {}, {}, {}, {}
-- The billing-period window: the end of the period counted (Unix ms), and whether that end must be written.
local ends, renewed = {}, {}

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
  local at = first_window + 4 * (i - 1)
  local limit = tonumber(ARGV[at + 1])
  local length = tonumber(ARGV[at + 2])
  local size = tonumber(ARGV[at + 3])
  local start = now - (now % size)
  names[i], limits[i], lengths[i], sizes[i], starts[i] = ARGV[at], limit, length, size, start
  -- What the window may hold: its limit, or past it up to the cap when it bills overage instead of refusing.
  rooms[i] = limit
  if i == overage_window then
    if overage_cap < 0 then rooms[i] = math.huge else rooms[i] = limit + overage_cap end
  end

  if i == period_window then
    local state = redis.call('HMGET', hkey, 'end', 'total')
    local stored_end = tonumber(state[1] or '0')
    local total = tonumber(state[2] or '0')
    if stored_end <= now then
      -- No period stored, or it is over: this one starts at zero.
      total, stored_end, renewed[i] = 0, period_end, true
    elseif period_end > stored_end then
      -- Still running but re-anchored: the count stays, the period ends at the later end.
      stored_end, renewed[i] = period_end, true
    end
    ends[i], totals[i], currents[i] = stored_end, total, 0
  else
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
  end
end

-- Decide each request in order against what the windows hold once the earlier admitted ones are in.
local requests, units, admitted, admitted_units = 0, 0, 0, 0
local waits = {}
local run_admitted = {}    -- per run: units admitted (counted when enforcing)
local run_units = {}       -- per run: all its units (counted in shadow mode)
local refused_by = {}      -- window index -> the cost of the first request it refused
for r = first_run, #ARGV, 3 do
  local n, cost = tonumber(ARGV[r + 1]), tonumber(ARGV[r + 2])
  local taken = 0
  for k = 1, n do
    requests = requests + 1
    units = units + cost
    local fits = true
    for i = 1, window_count do
      if totals[i] + admitted_units + cost > rooms[i] then
        fits = false
        if refused_by[i] == nil then refused_by[i] = cost end
      end
    end
    if fits then
      admitted = admitted + 1
      admitted_units = admitted_units + cost
      taken = taken + cost
      waits[requests] = 0
    else
      waits[requests] = -cost  -- resolved below, once every admitted request is in
    end
  end
  run_admitted[#run_admitted + 1] = taken
  run_units[#run_units + 1] = n * cost
end

-- How long until `cost` more units fit in window i, after the admitted ones are counted: walk its buckets from
-- the oldest until enough would have left it. 0 when they fit now.
local members_of, counts_of = {}, {}
local function window_wait(i, cost)
  local total = totals[i] + admitted_units
  if total + cost <= rooms[i] then return 0 end
  if ends[i] then return ends[i] - now end
  local wait = lengths[i] + sizes[i]
  if cost > rooms[i] then return wait end
  if members_of[i] == nil then
    local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
    members_of[i] = redis.call('ZRANGE', zkey, 0, -1)
    if #members_of[i] > 0 then counts_of[i] = redis.call('HMGET', hkey, unpack(members_of[i])) else counts_of[i] = {} end
  end
  local members, counts = members_of[i], counts_of[i]
  local freed = 0
  for j = 1, #members do
    freed = freed + tonumber(counts[j] or '0')
    if total - freed + cost <= rooms[i] then
      return tonumber(members[j]) + lengths[i] + sizes[i] - now
    end
  end
  return wait
end

if admitted < requests then
  local by_cost = {}
  for q = 1, requests do
    if waits[q] < 0 then
      local cost = -waits[q]
      if by_cost[cost] == nil then
        local wait = 1
        for i = 1, window_count do
          local w = window_wait(i, cost)
          if w > wait then wait = w end
        end
        by_cost[cost] = wait
      end
      waits[q] = by_cost[cost]
    end
  end
end

local counted = admitted_units
if not enforce then counted = units end

if counted > 0 then
  for i = 1, window_count do
    local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
    local bucket = fmt(starts[i])
    if ends[i] then
      if renewed[i] then
        redis.call('HSET', hkey, 'total', totals[i] + counted, 'end', fmt(ends[i]))
        extend_expiry(hkey, fmt(ends[i] - now + 60000))
      else
        redis.call('HSET', hkey, 'total', totals[i] + counted)
      end
    elseif currents[i] == 0 then
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

  -- Usage per key of the units counted.
  local run = 0
  for r = first_run, #ARGV, 3 do
    run = run + 1
    local n = run_admitted[run]
    if not enforce then n = run_units[run] end
    if n > 0 and redis.call('HINCRBY', usage_key, ARGV[r], n) == n then
      redis.call('EXPIRE', usage_key, ARGV[1])
    end
  end
end

-- Overage: the admitted units past the billing window's limit, metered in the call that admits them. Only
-- admitted units: in shadow mode what enforcing would refuse is counted in the windows but never billed.
if overage_window > 0 and admitted_units > 0 then
  local limit, before = limits[overage_window], totals[overage_window]
  local over_before = before - limit
  if over_before < 0 then over_before = 0 end
  local over_after = before + admitted_units - limit
  if over_after < 0 then over_after = 0 end
  if over_after > over_before then
    redis.call('HINCRBY', overage_key, 'pending', over_after - over_before)
  end
end

-- Usage events, only for accounts with webhook endpoints; the existence check is made at most once and only when
-- some window crossed a threshold or refused.
if alert_count > 0 then
  local listening = nil
  local at = fmt(now)
  local function emit(marker, ttl, type, data)
    if listening == nil then listening = redis.call('EXISTS', webhooks_key) == 1 end
    if not listening then return end
    if redis.call('SET', KEYS[marker], '1', 'PX', ttl, 'NX') then
      redis.call('XADD', events_key, 'MAXLEN', '~', 1000, '*', 'type', type, 'at', at, 'data', data)
    end
  end
  for i = 1, window_count do
    local base = marker_base + (i - 1) * (alert_count + 1)
    -- Once per window period: a sliding window's length, or until the billing period ends.
    local period = lengths[i]
    if ends[i] then period = ends[i] - now end
    if counted > 0 then
      local before, after = totals[i], totals[i] + counted
      for j = 1, alert_count do
        local threshold = math.ceil(limits[i] * alerts[j] / 100)
        if threshold < 1 then threshold = 1 end
        if before < threshold and after >= threshold then
          emit(base + j, period, 'usage.threshold', string.format(
            '{"window":"%s","percent":%d,"limit":%d,"used":%d}', names[i], alerts[j], limits[i], after))
        end
      end
    end
    if refused_by[i] and enforce then
      local wait = window_wait(i, refused_by[i])
      emit(base + alert_count + 1, period, 'usage.limited', string.format(
        '{"window":"%s","limit":%d,"retry_after_seconds":%d}', names[i], limits[i], math.ceil(wait / 1000)))
    end
  end
end

-- Leases: the take's mark; on a refusal or a report, other instances' live leases, asked to come back.
if lease_seq ~= '0' and admitted > 0 then
  redis.call('HSET', leases_key, lessee, fmt(now + lease_ms) .. ':' .. lease_seq)
  extend_expiry(leases_key, fmt(lease_ms))
end
local elsewhere = 0
if lessee ~= '' and enforce and (admitted < requests or requests == 0) then
  local marks = redis.call('HGETALL', leases_key)
  for j = 1, #marks, 2 do
    if tonumber(string.match(marks[j + 1], '^(%d+)')) <= now then
      redis.call('HDEL', leases_key, marks[j])
    elseif marks[j] ~= lessee then
      elsewhere = elsewhere + 1
    end
  end
  if elsewhere > 0 then
    redis.call('PUBLISH', lease_channel, 'reclaim:' .. lessee .. ':' .. string.match(leases_key, '{(.-)}'))
  end
end

local result = { admitted, redis_time, waits }
for i = 1, window_count do
  local reset = 0
  if ends[i] then
    reset = ends[i] - now
  elseif oldests[i] ~= nil then
    reset = oldests[i] + lengths[i] + sizes[i] - now
  end
  result[#result + 1] = totals[i]
  result[#result + 1] = reset
end
result[#result + 1] = elsewhere
return result
