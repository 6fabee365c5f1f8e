using StackExchange.Redis;
using Tollgate.Core.Billing;
using Tollgate.Core.Limiting.Leases;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>Typed wrapper of <c>Scripts/sliding_window.lua</c>; see the script's header for its keys, arguments and result.</summary>
internal sealed class SlidingWindowScript() : EmbeddedLuaScript("Tollgate.Core.Limiting.Scripts.sliding_window.lua")
{
    private const int FixedArguments = 16;

    /// <summary>How long per-day usage is kept in Redis.</summary>
    public static readonly TimeSpan UsageRetention = TimeSpan.FromDays(90);

    private static readonly RedisValue UsageRetentionSeconds = (long)UsageRetention.TotalSeconds;

    /// <summary>The arguments of one call, in the script's ARGV order. No time: the windows run on Redis's clock.</summary>
    /// <param name="enforce">False in shadow mode: count even what enforcing would refuse.</param>
    /// <param name="deadline">Redis time (µs) after which the call must do nothing; 0 for none.</param>
    /// <param name="limits">The account's limits.</param>
    /// <param name="requests">The key id and cost (units) of each request to count, in arrival order; empty to only report.</param>
    /// <param name="redisNow">
    /// The caller's estimate of Redis's time: only where the month follows the billing period, to send the periods around
    /// it (the script picks the one that holds Redis's own time).
    /// </param>
    /// <param name="lease">The calling instance's part in permit leases: none when leases are off.</param>
    public static RedisValue[] Arguments(
        bool enforce, long deadline, TierLimits limits, ReadOnlySpan<(string KeyId, int Cost)> requests, DateTimeOffset redisNow = default,
        LeaseCall lease = default)
    {
        var runs = 0;
        for (var i = 0; i < requests.Length; i++)
        {
            runs += i == 0 || !SameRun(requests[i], requests[i - 1]) ? 1 : 0;
        }

        var windows = limits.Windows;
        var alerts = limits.UsageAlerts;
        var args = new RedisValue[FixedArguments + alerts.Count + windows.Count * 4 + runs * 3];
        args[0] = UsageRetentionSeconds;
        args[1] = enforce ? 1 : 0;
        args[2] = deadline;
        args[3] = windows.Count;
        args[4] = limits.BillsOverage ? IndexOfMonth(windows) + 1 : 0;
        args[5] = limits.OverageCap ?? -1;
        if (limits.FollowsBillingPeriod && redisNow == default)
        {
            throw new ArgumentException("A billing-period month needs the caller's estimate of Redis's time.", nameof(redisNow));
        }
        if (limits.BillingPeriodAt(redisNow) is { } current)
        {
            // Four consecutive ends: the script picks the period that holds Redis's time, even across a boundary.
            var anchor = limits.PeriodAnchor!.Value;
            args[6] = IndexOfMonth(windows) + 1;
            args[7] = BillingPeriods.Before(anchor, current).Start.ToUnixTimeMilliseconds();
            args[8] = current.Start.ToUnixTimeMilliseconds();
            args[9] = current.End.ToUnixTimeMilliseconds();
            args[10] = BillingPeriods.After(anchor, current).End.ToUnixTimeMilliseconds();
        }
        else
        {
            args[6] = args[7] = args[8] = args[9] = args[10] = 0;
        }
        args[11] = lease.Lessee ?? string.Empty;
        args[12] = lease.Sequence;
        args[13] = lease.LifetimeMs;
        args[14] = lease.Lessee is null ? string.Empty : RedisKeys.LeaseEventsName;
        args[15] = alerts.Count;
        var at = FixedArguments;
        foreach (var percent in alerts)
        {
            args[at++] = percent;
        }
        for (var i = 0; i < windows.Count; i++)
        {
            var window = windows[i];
            args[at++] = window.Name;
            args[at++] = limits.For(i);
            args[at++] = (long)window.Length.TotalMilliseconds;
            args[at++] = (long)window.BucketSize.TotalMilliseconds;
        }
        // Consecutive requests of one key and one cost travel as one run: key id, count, cost.
        for (var i = 0; i < requests.Length;)
        {
            var run = 1;
            while (i + run < requests.Length && SameRun(requests[i + run], requests[i]))
            {
                run++;
            }
            args[at++] = requests[i].KeyId;
            args[at++] = run;
            args[at++] = requests[i].Cost;
            i += run;
        }
        return args;
    }

    // The script's answer when Redis's time lies outside the billing periods it was sent.
    private const long StalePeriod = -2;

    private static bool SameRun((string KeyId, int Cost) a, (string KeyId, int Cost) b) =>
        a.Cost == b.Cost && string.Equals(a.KeyId, b.KeyId, StringComparison.Ordinal);

    private static int IndexOfMonth(IReadOnlyList<LimitWindow> windows)
    {
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].IsMonth)
            {
                return i;
            }
        }
        throw new InvalidOperationException("The limits have no month window to bill overage in.");
    }

    /// <summary>Reads the script's positional result for a call made with <paramref name="limits"/>.</summary>
    public static SlidingWindowResult Parse(RedisResult result, TierLimits limits)
    {
        var values = (RedisResult[])result!;
        var admitted = (long)values[0];
        var redisTime = (long)values[1];
        if (admitted == StalePeriod)
        {
            return new SlidingWindowResult(Late: false, 0, [], redisTime, []) { StalePeriod = true };
        }
        if (admitted < 0)
        {
            return new SlidingWindowResult(Late: true, 0, [], redisTime, []);
        }

        var waitValues = (RedisResult[])values[2]!;
        var waits = new TimeSpan[waitValues.Length];
        for (var i = 0; i < waits.Length; i++)
        {
            waits[i] = TimeSpan.FromMilliseconds((long)waitValues[i]);
        }
        var windows = new SlidingWindowResult.WindowState[limits.Windows.Count];
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new SlidingWindowResult.WindowState((long)values[3 + 2 * i], TimeSpan.FromMilliseconds((long)values[4 + 2 * i]));
        }
        var elsewhere = values.Length > 3 + 2 * windows.Length ? (int)values[3 + 2 * windows.Length] : 0;
        return new SlidingWindowResult(Late: false, (int)admitted, waits, redisTime, windows) { LeasesElsewhere = elsewhere };
    }
}
