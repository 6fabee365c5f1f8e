-- Sends a logged delivery again: due now, retried as a new one would be. Same message id, so receivers can deduplicate.
--
-- KEYS[1] tg:{acct}:webhooks:deliveries hash: "endpointId/messageId" -> delivery JSON
-- KEYS[2] tg:{acct}:webhooks:due        sorted set: delivery fields by when the next attempt is due (ms)
-- ARGV[1] the delivery's field
-- ARGV[2] now (ms)
-- ARGV[3] the new deadline for retries (ms)
--
-- Returns 1, or 0 when there is no such delivery.

local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local d = cjson.decode(raw)
d.status = 'pending'
d.next_attempt_at = tonumber(ARGV[2])
d.deadline = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(d))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
