-- Closes a batch of overage units once the provider has answered 2xx for it, and adds them to what was reported in the
-- current billing period (what the dashboard shows as "so far"). Only the batch named is closed: a sender that lost the
-- race to another instance, or that was killed and restarted, closes nothing twice.
--
-- KEYS: [1] the account's overage hash
-- ARGV: [1] the batch id reported   [2] the start of the current billing period (Unix ms)
-- Returns: 1 when the batch was closed, 0 when it was not open (closed already).

if redis.call('HGET', KEYS[1], 'batch_id') ~= ARGV[1] then return 0 end

local units = tonumber(redis.call('HGET', KEYS[1], 'batch_units') or '0')
if redis.call('HGET', KEYS[1], 'period_start') ~= ARGV[2] then
  redis.call('HSET', KEYS[1], 'period_start', ARGV[2], 'period_reported', units)
else
  redis.call('HINCRBY', KEYS[1], 'period_reported', units)
end
redis.call('HDEL', KEYS[1], 'batch_id', 'batch_units')
return 1
