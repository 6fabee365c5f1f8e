using StackExchange.Redis;
using Tollgate.Core.Limiting.Leases;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>
/// Reads the per-day, per-key counts the limiter script keeps in <see cref="RedisKeys.DailyUsage"/> (one hash
/// per UTC day, kept 90 days). Shared by the admin API and the consumer's usage-history endpoint. Settles this
/// instance's lease of the account first (<see cref="ILeaseSettlement"/>): today's counts are what its keys used.
/// </summary>
public sealed class UsageHistoryReader(IConnectionMultiplexer redis, IRateLimiter limiter, TimeProvider timeProvider)
{
    /// <summary>Most days that can be asked for: as long as daily usage is kept.</summary>
    public static readonly int MaxDays = (int)SlidingWindowScript.UsageRetention.TotalDays;

    /// <summary>
    /// The last <paramref name="days"/> UTC days up to and including today, oldest first; days without
    /// requests are there with zero.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is not within 1..<see cref="MaxDays"/>.</exception>
    public async Task<IReadOnlyList<UsageDay>> ReadAsync(string accountId, int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        cancellationToken.ThrowIfCancellationRequested();
        if (limiter is ILeaseSettlement leases)
        {
            await leases.SettleAsync(accountId, cancellationToken).ConfigureAwait(false);
        }

        var today = EpochDay.Of(timeProvider.GetUtcNow());
        var db = redis.GetDatabase();
        // One pipelined HGETALL per day: all on the account's slot, answered in about one round trip.
        var reads = new Task<HashEntry[]>[days];
        for (var i = 0; i < days; i++)
        {
            reads[i] = db.HashGetAllAsync(RedisKeys.DailyUsage(accountId, today - days + 1 + i));
        }
        var counts = await Task.WhenAll(reads).ConfigureAwait(false);

        var history = new UsageDay[days];
        for (var i = 0; i < days; i++)
        {
            var byKey = new Dictionary<string, long>(StringComparer.Ordinal);
            long total = 0;
            foreach (var entry in counts[i])
            {
                var count = (long)entry.Value;
                byKey[entry.Name.ToString()] = count;
                total += count;
            }
            history[i] = new UsageDay(EpochDay.ToDate(today - days + 1 + i), total, byKey);
        }
        return history;
    }
}
