using System.Text.Json;
using StackExchange.Redis;
using Tollgate.Core.Redis;
using Tollgate.Webhooks.Endpoints;

namespace Tollgate.Webhooks.Delivery;

/// <summary>Typed wrapper of <c>Scripts/pump.lua</c>: new outbox entries become deliveries, due deliveries are claimed.</summary>
internal sealed class PumpScript() : EmbeddedLuaScript("Tollgate.Webhooks.Scripts.pump.lua")
{
    /// <summary>Most outbox entries turned into deliveries per call.</summary>
    public const int EventsPerCall = 100;

    /// <summary>Runs it for <paramref name="accountId"/>; null when the account has no endpoints any more.</summary>
    public async Task<IReadOnlyList<ClaimedDelivery>?> EvaluateAsync(
        IDatabaseAsync database, string accountId, DateTimeOffset now, TimeSpan claimFor, int maxClaims, int logPerEndpoint, TimeSpan retryFor)
    {
        RedisKey[] keys =
        [
            RedisKeys.AccountWebhooks(accountId), RedisKeys.AccountEvents(accountId), RedisKeys.AccountWebhookCursor(accountId),
            RedisKeys.AccountWebhookDeliveries(accountId), RedisKeys.AccountWebhookLog(accountId), RedisKeys.AccountWebhookDue(accountId),
        ];
        var nowMs = now.ToUnixTimeMilliseconds();
        RedisValue[] args =
        [
            nowMs, nowMs + (long)claimFor.TotalMilliseconds, maxClaims, EventsPerCall, logPerEndpoint, (long)retryFor.TotalMilliseconds,
        ];
        var values = (RedisResult[])(await EvaluateAsync(database, keys, args).ConfigureAwait(false))!;
        if ((long)values[0] < 0)
        {
            return null;
        }
        var claimed = new List<ClaimedDelivery>((values.Length - 1) / 3);
        for (var i = 1; i + 2 < values.Length; i += 3)
        {
            var delivery = JsonSerializer.Deserialize<DeliveryRecord>((string)values[i + 1]!, WebhookJson.Options);
            var endpoint = JsonSerializer.Deserialize<StoredEndpoint>((string)values[i + 2]!, WebhookJson.Options);
            if (delivery is not null && endpoint is not null)
            {
                claimed.Add(new ClaimedDelivery(accountId, (string)values[i]!, delivery, endpoint));
            }
        }
        return claimed;
    }
}
