using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Webhooks.Delivery;

/// <summary>Typed wrapper of <c>Scripts/record_attempt.lua</c>: logs an attempt and schedules the next one (or none).</summary>
internal sealed class RecordAttemptScript() : EmbeddedLuaScript("Tollgate.Webhooks.Scripts.record_attempt.lua")
{
    /// <summary>Records <paramref name="attempt"/> of <paramref name="claimed"/>; <paramref name="retryAt"/> null gives it up (or it succeeded).</summary>
    public async Task EvaluateAsync(IDatabaseAsync database, ClaimedDelivery claimed, DeliveryAttempt attempt, DateTimeOffset? retryAt)
    {
        RedisKey[] keys = [RedisKeys.AccountWebhookDeliveries(claimed.AccountId), RedisKeys.AccountWebhookDue(claimed.AccountId)];
        RedisValue[] args =
        [
            claimed.Field, attempt.At.ToUnixTimeMilliseconds(), attempt.Succeeded ? 1 : 0, attempt.StatusCode, attempt.Error,
            retryAt?.ToUnixTimeMilliseconds() ?? 0, (long)attempt.Duration.TotalMilliseconds,
        ];
        await EvaluateAsync(database, keys, args).ConfigureAwait(false);
    }
}
