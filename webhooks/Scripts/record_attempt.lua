-- Records one delivery attempt and schedules the next, atomically.
--
-- KEYS[1] tg:{acct}:webhooks:deliveries hash: "endpointId/messageId" -> delivery JSON
-- KEYS[2] tg:{acct}:webhooks:due        sorted set: delivery fields by when the next attempt is due (ms)
-- ARGV[1] the delivery's field
-- ARGV[2] when the attempt was made (ms)
-- ARGV[3] 1 when the receiver answered 2xx, else 0
-- ARGV[4] the receiver's status code, 0 when none came
-- ARGV[5] why it failed ('' when it did not)
-- ARGV[6] when to try again (ms), 0 to give up
-- ARGV[7] how long the attempt took (ms)
--
-- Returns 1, or 0 when the delivery is gone (its endpoint deleted meanwhile).

local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 0
end
local d = cjson.decode(raw)
d.attempts = (tonumber(d.attempts) or 0) + 1
d.last_attempt_at = tonumber(ARGV[2])
d.last_status_code = tonumber(ARGV[4])
d.last_error = ARGV[5]
d.last_duration_ms = tonumber(ARGV[7])
local retry_at = tonumber(ARGV[6])
if ARGV[3] == '1' then
  d.status = 'succeeded'
  d.next_attempt_at = nil
  redis.call('ZREM', KEYS[2], ARGV[1])
elseif retry_at > 0 then
  d.status = 'pending'
  d.next_attempt_at = retry_at
  redis.call('ZADD', KEYS[2], retry_at, ARGV[1])
else
  d.status = 'failed'
  d.next_attempt_at = nil
  redis.call('ZREM', KEYS[2], ARGV[1])
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(d))
return 1
