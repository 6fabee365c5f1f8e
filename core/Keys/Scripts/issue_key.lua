-- Issues an API key only while the account has room for one more active key: counts the active keys
-- and indexes the new one in one atomic step, so two concurrent issues at the limit cannot both win.
--
-- Every key touched shares the account's hash tag (one Redis Cluster slot). The key record itself lives
-- at tg:apikey:<hmac>, outside that slot, so the caller writes the record BEFORE this script and deletes
-- it again when the script refuses: until the script has indexed it, nobody holds the raw key, so a
-- record orphaned by a crash in between can never be presented.
--
-- The active-key hash maps key id to expiry (Unix ms, 0 = never). An entry whose expiry has passed is
-- dropped here, so expired keys free their slot without a sweeper. `now` comes from the caller's clock
-- (its TimeProvider), the same clock that stamps key expiry and that the gateway checks expiry against.
--
-- KEYS: [1] account hash, [2] account keys hash (key id -> key hash), [3] active-key hash (key id -> expiry ms)
-- ARGV: [1] now (ms)
--       [2] expected tier of the account
--       [3] most active keys allowed
--       [4] new key id, [5] new key hash, [6] new key expiry (ms, 0 = never)
--       [7] id of the key this one replaces ('' = none): it does not count against the limit
--       [8] replaced key's expiry from now on (ms; 0 = it stops counting at once)
-- Returns: { status, active } where active is the number of active keys afterwards (or found, when refused)
--   status  1 = issued
--           0 = refused: the limit is reached
--          -1 = refused: no such account
--          -2 = refused: the account's tier is not the expected one (re-read it and retry)
--          -3 = refused: the replaced key is not active (revoked, expired or unknown)

local now = tonumber(ARGV[1])
local expected_tier = ARGV[2]
local max_keys = tonumber(ARGV[3])
local replaced = ARGV[7]

local tier = redis.call('HGET', KEYS[1], 'tier')
if not tier then return { -1, 0 } end
if tier ~= expected_tier then return { -2, 0 } end

local active = 0
local replaced_found = false
local entries = redis.call('HGETALL', KEYS[3])
for i = 1, #entries, 2 do
  local id, expiry = entries[i], tonumber(entries[i + 1])
  if expiry ~= 0 and expiry <= now then
    redis.call('HDEL', KEYS[3], id)
  else
    active = active + 1
    if id == replaced then replaced_found = true end
  end
end

if replaced ~= '' and not replaced_found then return { -3, active } end

local counted = active
if replaced_found then counted = counted - 1 end
if counted + 1 > max_keys then return { 0, active } end

redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
redis.call('HSET', KEYS[3], ARGV[4], ARGV[6])
active = active + 1
if replaced_found then
  if ARGV[8] == '0' then
    redis.call('HDEL', KEYS[3], replaced)
    active = active - 1
  else
    redis.call('HSET', KEYS[3], replaced, ARGV[8])
  end
end
return { 1, active }
