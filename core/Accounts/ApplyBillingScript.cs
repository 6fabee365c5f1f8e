using System.Globalization;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Accounts;

/// <summary>Typed wrapper of <c>Scripts/apply_billing.lua</c>: one provider event (or a grace period's end) applied to an account, atomically and once.</summary>
internal sealed class ApplyBillingScript() : EmbeddedLuaScript("Tollgate.Core.Accounts.Scripts.apply_billing.lua")
{
    /// <summary>How long an applied event's id is remembered; Stripe retries a delivery for up to three days.</summary>
    public static readonly TimeSpan EventRetention = TimeSpan.FromDays(30);

    public async Task<BillingWriteResult> EvaluateAsync(
        IDatabaseAsync database, string accountId, DateTimeOffset now, BillingChange change, int maxKeys,
        IReadOnlyList<string> leastRecentlyUsedActive, IReadOnlyList<string> mostRecentlyUsedDisabled, IReadOnlyList<string> forget)
    {
        RedisKey[] keys =
        [
            RedisKeys.Account(accountId),
            RedisKeys.AccountActiveKeys(accountId),
            RedisKeys.BillingEvent(accountId, change.EventId ?? "-"),
        ];
        RedisValue[] args =
        [
            now.ToUnixTimeMilliseconds(),
            change.EventId ?? "",
            (long)EventRetention.TotalSeconds,
            change.EventCreated?.ToUnixTimeMilliseconds() ?? 0,
            change.Tier ?? "",
            maxKeys,
            change.CustomerId ?? "",
            change.ClearSubscription ? "-" : change.SubscriptionId ?? "",
            change.CycleAnchor is { } anchor ? anchor.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "",
            change.ClearGrace ? "-" : change.StartGraceUntil is { } until ? until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "",
            change.ForSubscription ?? "",
            change.OnlyIfGraceEnded ? "1" : "0",
            string.Join(' ', leastRecentlyUsedActive),
            string.Join(' ', mostRecentlyUsedDisabled),
            string.Join(' ', forget),
        ];
        var values = (RedisResult[])(await EvaluateAsync(database, keys, args).ConfigureAwait(false))!;
        var status = (int)values[0] switch
        {
            1 => BillingWriteStatus.Applied,
            2 => BillingWriteStatus.Stale,
            0 => BillingWriteStatus.Duplicate,
            -1 => BillingWriteStatus.AccountNotFound,
            3 => BillingWriteStatus.NotApplicable,
            var other => throw new InvalidOperationException($"apply_billing.lua answered an unexpected status {other}."),
        };
        return new BillingWriteResult(status, (int)values[1] == 1, (int)values[2], (int)values[3]);
    }
}
