-- Seals an account's pending overage units into a batch to report, unless a batch is open already (which is then
-- reported again, under the same identifier). One atomic step on tg:{acct}:overage: units the limiter script adds
-- (HINCRBY pending) land either in this batch or in the next, never in both and never nowhere.
--
-- KEYS: [1] the account's overage hash (pending = counted, not yet reported; batch_id/batch_units = the batch being reported)
-- ARGV: [1] the identifier a new batch gets (the meter event's idempotency identifier at the provider)
-- Returns: { batch id, units } of the open batch, or nil when there is nothing to report.

local open = redis.call('HMGET', KEYS[1], 'batch_id', 'batch_units')
if open[1] then return { open[1], tonumber(open[2]) } end

local pending = tonumber(redis.call('HGET', KEYS[1], 'pending') or '0')
if pending <= 0 then return nil end

redis.call('HSET', KEYS[1], 'batch_id', ARGV[1], 'batch_units', pending)
redis.call('HDEL', KEYS[1], 'pending')
return { ARGV[1], pending }
