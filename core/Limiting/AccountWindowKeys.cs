using System.Collections.Concurrent;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>
/// The key names of <c>sliding_window.lua</c> for one account (its six window keys and the day's usage hash),
/// built once per account and day instead of on every counted request.
/// </summary>
internal sealed class AccountWindowKeys
{
    // Bounds memory under a flood of distinct accounts; a cleared entry is rebuilt on its next request.
    private const int MaxAccounts = 10_000;

    private static readonly IReadOnlyList<LimitWindow> Windows = LimitWindow.All;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of keys of one call: a bucket set and a count hash per window, then the usage hash.</summary>
    public static int Count => Windows.Count * 2 + 1;

    /// <summary>The keys of one call for <paramref name="accountId"/> on <paramref name="epochDay"/>, in the script's KEYS order.</summary>
    public RedisKey[] For(string accountId, long epochDay)
    {
        if (!_entries.TryGetValue(accountId, out var entry) || entry.Day != epochDay)
        {
            if (_entries.Count >= MaxAccounts)
            {
                _entries.Clear();
            }
            entry = new Entry(WindowKeys(accountId), epochDay, RedisKeys.DailyUsage(accountId, epochDay));
            _entries[accountId] = entry;
        }

        var keys = new RedisKey[Count];
        entry.Windows.CopyTo(keys, 0);
        keys[^1] = entry.Usage;
        return keys;
    }

    private static RedisKey[] WindowKeys(string accountId)
    {
        var keys = new RedisKey[Windows.Count * 2];
        for (var i = 0; i < Windows.Count; i++)
        {
            keys[2 * i] = RedisKeys.WindowBuckets(accountId, Windows[i]);
            keys[2 * i + 1] = RedisKeys.WindowCounts(accountId, Windows[i]);
        }
        return keys;
    }

    private sealed record Entry(RedisKey[] Windows, long Day, RedisKey Usage);
}
