-- One account's webhook work, atomically: turn the outbox entries written since the cursor into deliveries (one per
-- event and subscribed endpoint), trim the delivery log, then claim the deliveries that are due.
--
-- KEYS[1] tg:{acct}:webhooks            hash: endpoint id -> endpoint JSON (events, created_at_ms, secrets, url)
-- KEYS[2] tg:{acct}:events              stream: the outbox (type, at, data)
-- KEYS[3] tg:{acct}:webhooks:cursor     string: last outbox entry id turned into deliveries
-- KEYS[4] tg:{acct}:webhooks:deliveries hash: "endpointId/messageId" -> delivery JSON
-- KEYS[5] tg:{acct}:webhooks:log        sorted set: delivery fields by creation (ms), capped
-- KEYS[6] tg:{acct}:webhooks:due        sorted set: delivery fields by when the next attempt is due (ms)
-- ARGV[1] now (ms, the worker's clock)
-- ARGV[2] claim until (ms): a claimed delivery is not due again before then, so no other worker takes it meanwhile;
--         if this one dies it comes back then (at least once)
-- ARGV[3] most deliveries to claim
-- ARGV[4] most outbox entries to read
-- ARGV[5] deliveries kept in the log per endpoint
-- ARGV[6] how long after its event a delivery is retried (ms)
--
-- Returns { -1 } when the account has no endpoints any more; otherwise { created, field1, delivery1, endpoint1, ... }:
-- the number of deliveries created, then per claimed delivery its field, its JSON and its endpoint's JSON.
-- The message id is derived from the outbox entry, so an event keeps one id on every retry and redelivery.

local now = tonumber(ARGV[1])
local claim_until = tonumber(ARGV[2])
local max_claims = tonumber(ARGV[3])
local max_events = tonumber(ARGV[4])
local log_per_endpoint = tonumber(ARGV[5])
local retry_for = tonumber(ARGV[6])

local raw = redis.call('HGETALL', KEYS[1])
if #raw == 0 then return { -1 } end

local endpoints = {}
for i = 1, #raw, 2 do
  local ok, e = pcall(cjson.decode, raw[i + 1])
  if ok and type(e) == 'table' then
    local wanted, all = {}, true
    if type(e.events) == 'table' then
      for _, t in ipairs(e.events) do
        wanted[t] = true
        all = false
      end
    end
    endpoints[#endpoints + 1] = { id = raw[i], all = all, wanted = wanted, created = tonumber(e.created_at_ms) or 0 }
  end
end

local created = 0
local cursor = redis.call('GET', KEYS[3]) or '0-0'
local entries = redis.call('XRANGE', KEYS[2], '(' .. cursor, '+', 'COUNT', max_events)
for _, entry in ipairs(entries) do
  local id, fields = entry[1], entry[2]
  local event = {}
  for j = 1, #fields, 2 do
    event[fields[j]] = fields[j + 1]
  end
  local at = tonumber(event.at) or now
  local message = 'msg_' .. string.sub(redis.sha1hex(KEYS[2] .. '/' .. id), 1, 26)
  for _, e in ipairs(endpoints) do
    -- An endpoint hears of events from its registration on, of the types it asked for.
    if (e.all or e.wanted[event.type]) and at >= e.created then
      local field = e.id .. '/' .. message
      local delivery = cjson.encode({
        id = message, endpoint_id = e.id, type = event.type or '', at = at, data = event.data or '{}',
        status = 'pending', attempts = 0, created_at = now, deadline = at + retry_for, next_attempt_at = now,
      })
      if redis.call('HSETNX', KEYS[4], field, delivery) == 1 then
        redis.call('ZADD', KEYS[5], now, field)
        redis.call('ZADD', KEYS[6], now, field)
        created = created + 1
      end
    end
  end
  cursor = id
end
if #entries > 0 then redis.call('SET', KEYS[3], cursor) end

-- The log keeps the newest deliveries; one still being attempted stays until it is settled.
local excess = redis.call('ZCARD', KEYS[5]) - log_per_endpoint * #endpoints
if excess > 0 then
  for _, field in ipairs(redis.call('ZRANGE', KEYS[5], 0, excess - 1)) do
    if not redis.call('ZSCORE', KEYS[6], field) then
      redis.call('ZREM', KEYS[5], field)
      redis.call('HDEL', KEYS[4], field)
    end
  end
end

local out = { created }
for _, field in ipairs(redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now, 'LIMIT', 0, max_claims)) do
  local delivery = redis.call('HGET', KEYS[4], field)
  local slash = string.find(field, '/', 1, true)
  local endpoint = slash and redis.call('HGET', KEYS[1], string.sub(field, 1, slash - 1))
  if delivery and endpoint then
    redis.call('ZADD', KEYS[6], claim_until, field)
    out[#out + 1] = field
    out[#out + 1] = delivery
    out[#out + 1] = endpoint
  else
    -- The endpoint was deleted: nothing left to deliver to, and no log to show it in.
    redis.call('ZREM', KEYS[6], field)
    redis.call('ZREM', KEYS[5], field)
    redis.call('HDEL', KEYS[4], field)
  end
end
return out
