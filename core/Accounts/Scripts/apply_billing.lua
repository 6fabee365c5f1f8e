-- Applies what the payment provider says about an account (a Stripe event, or the end of a grace period) in one
-- atomic step: the event's idempotency record, the tier, Stripe's ids, the grace period and which keys are disabled
-- are written together or not at all, so a redelivered event or a crash never leaves half a change.
--
-- All keys share the account's hash tag (one Redis Cluster slot). `now` is the caller's clock (its TimeProvider),
-- the clock grace periods and key expiry are judged by.
--
-- Ordering: Stripe does not deliver events in order. Each event carries its creation time; the account keeps the
-- newest one applied (billing_event_at). An older event only fills in ids the account still lacks; it never moves
-- the tier back. Ties apply (Stripe's times are whole seconds and events of one second agree).
--
-- Keys over the new tier's maximum move from the active-key index to the account's `disabled_keys` field
-- (`id:expiry` entries), least recently used first (the caller's order); on a move up they come back, most recently
-- used first, as many as the tier allows. Disabled keys are never deleted.
--
-- KEYS: [1] account hash, [2] active-key hash (key id -> expiry ms, 0 = never), [3] event record (unused when ARGV[2] = '')
-- ARGV: [1] now (ms)
--       [2] event id ('' = none)            [3] event record lifetime (s)
--       [4] event creation (ms, 0 = no ordering: the grace period's end)
--       [5] tier to move to ('' = keep)     [6] most active keys that tier allows
--       [7] Stripe customer id ('' = keep)  [8] subscription id ('' = keep, '-' = clear)
--       [9] billing cycle anchor (ms, '' = keep)
--       [10] grace period: '' = keep, '-' = clear, a time (ms) = start one ending then unless one is running
--       [11] subscription the event is about ('' = any): an account bound to another subscription is left alone
--       [12] '1' = apply only if a grace period has ended by now
--       [13] active key ids, least recently used first   [14] disabled key ids, most recently used first
--       [15] key ids to forget from the disabled list (revoked or expired)
-- Returns: { status, tier changed (0/1), keys disabled, keys enabled }
--   status  1 = applied, 2 = older than what the account holds (ids filled in only), 0 = event already applied,
--          -1 = no such account, 3 = not for this account's subscription / no grace period due: nothing changed

local now = tonumber(ARGV[1])
local event_id = ARGV[2]

if event_id ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then return { 0, 0, 0, 0 } end

local tier = redis.call('HGET', KEYS[1], 'tier')
if not tier then return { -1, 0, 0, 0 } end

local function mark()
  if event_id ~= '' then redis.call('SET', KEYS[3], '1', 'EX', tonumber(ARGV[3])) end
end

local current_sub = redis.call('HGET', KEYS[1], 'stripe_subscription')
if ARGV[11] ~= '' and current_sub and current_sub ~= '' and current_sub ~= ARGV[11] then
  mark()
  return { 3, 0, 0, 0 }
end
if ARGV[12] == '1' then
  local grace = redis.call('HGET', KEYS[1], 'grace_ends_at')
  if not grace or tonumber(grace) > now then return { 3, 0, 0, 0 } end
end

local created = tonumber(ARGV[4])
local stale = false
if created > 0 then
  local last = redis.call('HGET', KEYS[1], 'billing_event_at')
  if last and tonumber(last) > created then stale = true end
end

local function fill(field, value)
  if value == '' then return end
  if stale then
    if redis.call('HEXISTS', KEYS[1], field) == 0 and value ~= '-' then redis.call('HSET', KEYS[1], field, value) end
  elseif value == '-' then
    redis.call('HDEL', KEYS[1], field)
  else
    redis.call('HSET', KEYS[1], field, value)
  end
end
fill('stripe_customer', ARGV[7])
fill('stripe_subscription', ARGV[8])
-- period_anchor: where each billing period starts (the dashboard's overage per period; the month window that resets at it is
-- not built yet), so it moves with the rest of the change.
fill('period_anchor', ARGV[9])

if stale then
  mark()
  return { 2, 0, 0, 0 }
end
if created > 0 then redis.call('HSET', KEYS[1], 'billing_event_at', created) end

if ARGV[10] == '-' then
  redis.call('HDEL', KEYS[1], 'grace_ends_at')
elseif ARGV[10] ~= '' then
  redis.call('HSETNX', KEYS[1], 'grace_ends_at', ARGV[10])
end

local changed, disabled_count, enabled_count = 0, 0, 0
if ARGV[5] ~= '' then
  if ARGV[5] ~= tier then
    redis.call('HSET', KEYS[1], 'tier', ARGV[5])
    changed = 1
  end
  local max_keys = tonumber(ARGV[6])

  local forget = {}
  for id in string.gmatch(ARGV[15], '%S+') do forget[id] = true end
  local disabled, disabled_order = {}, {}
  local stored = redis.call('HGET', KEYS[1], 'disabled_keys') or ''
  for id, expiry in string.gmatch(stored, '(%S+):(%d+)') do
    local ends = tonumber(expiry)
    if not forget[id] and (ends == 0 or ends > now) and not disabled[id] then
      disabled[id] = expiry
      table.insert(disabled_order, id)
    end
  end

  local active, count = {}, 0
  local entries = redis.call('HGETALL', KEYS[2])
  for i = 1, #entries, 2 do
    local ends = tonumber(entries[i + 1])
    if ends ~= 0 and ends <= now then
      redis.call('HDEL', KEYS[2], entries[i])
    else
      active[entries[i]] = entries[i + 1]
      count = count + 1
    end
  end

  local function disable(id)
    redis.call('HDEL', KEYS[2], id)
    disabled[id] = active[id]
    table.insert(disabled_order, id)
    active[id] = nil
    count = count - 1
    disabled_count = disabled_count + 1
  end
  local function enable(id)
    redis.call('HSET', KEYS[2], id, disabled[id])
    disabled[id] = nil
    count = count + 1
    enabled_count = enabled_count + 1
  end

  if count > max_keys then
    for id in string.gmatch(ARGV[13], '%S+') do
      if count <= max_keys then break end
      if active[id] then disable(id) end
    end
    -- Keys the caller did not rank (issued meanwhile) go last, in any order.
    for id, _ in pairs(active) do
      if count <= max_keys then break end
      disable(id)
    end
  elseif count < max_keys then
    for id in string.gmatch(ARGV[14], '%S+') do
      if count >= max_keys then break end
      if disabled[id] then enable(id) end
    end
    for _, id in ipairs(disabled_order) do
      if count >= max_keys then break end
      if disabled[id] then enable(id) end
    end
  end

  local kept = {}
  for _, id in ipairs(disabled_order) do
    if disabled[id] then table.insert(kept, id .. ':' .. disabled[id]) end
  end
  if #kept == 0 then
    redis.call('HDEL', KEYS[1], 'disabled_keys')
  else
    redis.call('HSET', KEYS[1], 'disabled_keys', table.concat(kept, ' '))
  end
end

mark()
return { 1, changed, disabled_count, enabled_count }
