using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Tollgate.Core.Billing;

namespace Tollgate.Core.Limiting;

/// <summary>
/// The same bucketed sliding windows as the Redis script, kept in this process: the stand-in while Redis
/// is unreachable under <see cref="RedisFailurePolicy.Local"/>. Each instance admits the tier limit
/// divided by <see cref="LimitsOptions.InstanceCount"/>, so together they stay near the real limit.
/// A month that follows the billing period is one fixed window here too: this instance's share of it, counted from
/// the moment the outage reached this instance, reset at the period's end by this process's clock. It knows nothing
/// of what Redis counted before the outage, so it may admit up to its share more in that period (as the sliding
/// windows here do).
/// </summary>
internal sealed class LocalSlidingWindowLimiter(IOptions<LimitsOptions> options, TimeProvider timeProvider) : IRateLimiter
{
    // Only outage traffic lands here; starting over past this many accounts keeps memory bounded.
    private const int MaxAccounts = 100_000;

    private readonly ConcurrentDictionary<string, AccountWindows> _accounts = new(StringComparer.Ordinal);
    private readonly int _instances = Math.Max(1, options.Value.InstanceCount);

    public Task<LimitDecision> AcquireAsync(string accountId, string keyId, int cost, TierLimits limits, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cost);
        return Task.FromResult(Run(accountId, limits, cost));
    }

    public Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken) =>
        Task.FromResult(Run(accountId, limits, cost: 0));

    private LimitDecision Run(string accountId, TierLimits limits, int cost)
    {
        if (_accounts.Count >= MaxAccounts)
        {
            _accounts.Clear();
        }
        var windows = _accounts.GetOrAdd(accountId, static _ => new AccountWindows());
        var utcNow = timeProvider.GetUtcNow();
        var now = utcNow.ToUnixTimeMilliseconds();
        var period = limits.BillingPeriodAt(utcNow);
        lock (windows)
        {
            // The limits' own windows (a burst window only when the tier has one). The month never bills here: metering
            // needs Redis, so past its share of the month an instance refuses.
            var all = limits.Windows;
            var admitted = true;
            long retryAfter = 0;
            for (var i = 0; i < all.Count; i++)
            {
                var counter = windows.For(all[i]);
                counter.Trim(now, all[i], period);
                var limit = Math.Max(1, limits.For(i) / _instances);
                if (counter.Total + cost > limit)
                {
                    admitted = false;
                    retryAfter = Math.Max(retryAfter, counter.WaitUntilRoom(now, all[i], limit, cost, period));
                }
            }

            var usage = new WindowUsage[all.Count];
            for (var i = 0; i < all.Count; i++)
            {
                var counter = windows.For(all[i]);
                if (admitted && cost > 0)
                {
                    counter.Add(now, all[i], cost, period);
                }
                usage[i] = new WindowUsage(all[i], Math.Max(1, limits.For(i) / _instances), counter.Total, TimeSpan.FromMilliseconds(counter.ResetAfter(now, all[i], period)));
            }
            return new LimitDecision(admitted, TimeSpan.FromMilliseconds(admitted ? 0 : retryAfter), usage) { Source = LimitSource.Local, Cost = cost };
        }
    }

    private sealed class AccountWindows
    {
        private readonly Dictionary<string, WindowCounter> _counters = new(StringComparer.Ordinal);

        public WindowCounter For(LimitWindow window)
        {
            if (!_counters.TryGetValue(window.Key, out var counter))
            {
                counter = new WindowCounter();
                _counters[window.Key] = counter;
            }
            return counter;
        }
    }

    /// <summary>
    /// One window's buckets, oldest first, and their running total. A billing-period window (given its current period)
    /// keeps one bucket, the period's, dropped once another period holds now.
    /// </summary>
    private sealed class WindowCounter
    {
        private readonly LinkedList<(long Start, long Count)> _buckets = new();

        public long Total { get; private set; }

        public void Trim(long now, LimitWindow window, BillingPeriod? period)
        {
            var cutoff = now - Ms(window.Length) - Ms(window.BucketSize);
            if (window.FollowsBillingPeriod && period is { } current)
            {
                cutoff = current.Start.ToUnixTimeMilliseconds() - 1;
            }
            while (_buckets.First is { } oldest && oldest.Value.Start <= cutoff)
            {
                Total -= oldest.Value.Count;
                _buckets.RemoveFirst();
            }
        }

        public void Add(long now, LimitWindow window, int cost, BillingPeriod? period)
        {
            var start = window.FollowsBillingPeriod && period is { } current
                ? current.Start.ToUnixTimeMilliseconds()
                : now - now % Ms(window.BucketSize);
            if (_buckets.Last is { } newest && newest.Value.Start == start)
            {
                newest.Value = (start, newest.Value.Count + cost);
            }
            else
            {
                _buckets.AddLast((start, cost));
            }
            Total += cost;
        }

        public long WaitUntilRoom(long now, LimitWindow window, long limit, int cost, BillingPeriod? period)
        {
            if (window.FollowsBillingPeriod && period is { } current)
            {
                return current.End.ToUnixTimeMilliseconds() - now;
            }
            long freed = 0;
            foreach (var (start, count) in _buckets)
            {
                freed += count;
                if (Total - freed + cost <= limit)
                {
                    return start + Ms(window.Length) + Ms(window.BucketSize) - now;
                }
            }
            return Ms(window.Length) + Ms(window.BucketSize);
        }

        public long ResetAfter(long now, LimitWindow window, BillingPeriod? period) => window.FollowsBillingPeriod && period is { } current
            ? current.End.ToUnixTimeMilliseconds() - now
            : _buckets.First is { } oldest ? oldest.Value.Start + Ms(window.Length) + Ms(window.BucketSize) - now : 0;

        private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
    }
}
