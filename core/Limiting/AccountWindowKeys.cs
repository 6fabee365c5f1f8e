using System.Collections.Concurrent;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>
/// The key names of <c>sliding_window.lua</c> for one account (its window keys, the day's usage hash, the webhooks hash,
/// the event outbox, the overage hash, the leases hash and the usage alerts' markers), built once per account, day and shape of limits
/// (burst window or not, alert thresholds) instead of on every counted request.
/// </summary>
internal sealed class AccountWindowKeys
{
    // Bounds memory under a flood of distinct accounts; a cleared entry is rebuilt on its next request.
    private const int MaxAccounts = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of keys of one call with <paramref name="limits"/>: see the script's header.</summary>
    public static int Count(TierLimits limits)
    {
        var windows = limits.Windows.Count;
        var alerts = limits.UsageAlerts.Count;
        return windows * 2 + 5 + (alerts == 0 ? 0 : windows * (alerts + 1));
    }

    /// <summary>
    /// The keys of one call for <paramref name="accountId"/> on <paramref name="epochDay"/>, in the script's KEYS order.
    /// The array is shared by every call of the account that day: read it, never write to it (a copy per call was
    /// the largest allocation of a limiter call over many accounts).
    /// </summary>
    public RedisKey[] For(string accountId, long epochDay, TierLimits limits)
    {
        if (!_entries.TryGetValue(accountId, out var entry) || entry.Day != epochDay
            || !ReferenceEquals(entry.Windows, limits.Windows) || !entry.Alerts.SequenceEqual(limits.UsageAlerts))
        {
            if (_entries.Count >= MaxAccounts)
            {
                _entries.Clear();
            }
            entry = new Entry(limits.Windows, limits.UsageAlerts, epochDay, Build(accountId, epochDay, limits));
            _entries[accountId] = entry;
        }
        return entry.Keys;
    }

    private static RedisKey[] Build(string accountId, long epochDay, TierLimits limits)
    {
        var windows = limits.Windows;
        var alerts = limits.UsageAlerts;
        var keys = new RedisKey[Count(limits)];
        var at = 0;
        foreach (var window in windows)
        {
            keys[at++] = RedisKeys.WindowBuckets(accountId, window);
            keys[at++] = RedisKeys.WindowCounts(accountId, window);
        }
        keys[at++] = RedisKeys.DailyUsage(accountId, epochDay);
        keys[at++] = RedisKeys.AccountWebhooks(accountId);
        keys[at++] = RedisKeys.AccountEvents(accountId);
        keys[at++] = RedisKeys.AccountOverage(accountId);
        keys[at++] = RedisKeys.AccountLeases(accountId);
        if (alerts.Count > 0)
        {
            foreach (var window in windows)
            {
                foreach (var percent in alerts)
                {
                    keys[at++] = RedisKeys.UsageAlertMarker(accountId, window, percent);
                }
                keys[at++] = RedisKeys.UsageLimitedMarker(accountId, window);
            }
        }
        return keys;
    }

    private sealed record Entry(IReadOnlyList<LimitWindow> Windows, IReadOnlyList<int> Alerts, long Day, RedisKey[] Keys);
}
