using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Webhooks.Delivery;

/// <summary>Typed wrapper of <c>Scripts/redeliver.lua</c>: makes a logged delivery due now, with a new retry deadline.</summary>
internal sealed class RedeliverScript() : EmbeddedLuaScript("Tollgate.Webhooks.Scripts.redeliver.lua")
{
    /// <summary>True when the delivery exists and was rescheduled.</summary>
    public async Task<bool> EvaluateAsync(IDatabaseAsync database, string accountId, string field, DateTimeOffset now, DateTimeOffset deadline)
    {
        RedisKey[] keys = [RedisKeys.AccountWebhookDeliveries(accountId), RedisKeys.AccountWebhookDue(accountId)];
        RedisValue[] args = [field, now.ToUnixTimeMilliseconds(), deadline.ToUnixTimeMilliseconds()];
        return (long)(await EvaluateAsync(database, keys, args).ConfigureAwait(false)) == 1;
    }
}
