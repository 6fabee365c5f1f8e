-- Moves an account to another tier only if it is still on the tier the caller decided from and holds no
-- more active keys than the new tier allows: the count and the write are one atomic step, so a key issued
-- concurrently (issue_key.lua checks the tier too) cannot slip past a downgrade.
--
-- Both keys share the account's hash tag (one Redis Cluster slot). Index entries whose expiry has passed
-- are dropped, as issue_key.lua does; `now` is the caller's clock for the same reason given there.
--
-- KEYS: [1] account hash, [2] active-key hash (key id -> expiry ms, 0 = never)
-- ARGV: [1] now (ms), [2] expected current tier, [3] new tier, [4] most active keys the new tier allows
-- Returns: { status, active } where active is the number of active keys found
--   status  1 = changed
--           0 = refused: more active keys than the new tier allows
--          -1 = refused: no such account
--          -2 = refused: the account is not on the expected tier any more

local now = tonumber(ARGV[1])
local max_keys = tonumber(ARGV[4])

local tier = redis.call('HGET', KEYS[1], 'tier')
if not tier then return { -1, 0 } end
if tier ~= ARGV[2] then return { -2, 0 } end

local active = 0
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  local expiry = tonumber(entries[i + 1])
  if expiry ~= 0 and expiry <= now then
    redis.call('HDEL', KEYS[2], entries[i])
  else
    active = active + 1
  end
end

if active > max_keys then return { 0, active } end
redis.call('HSET', KEYS[1], 'tier', ARGV[3])
return { 1, active }
