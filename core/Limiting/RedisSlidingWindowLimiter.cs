using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>
/// <see cref="IRateLimiter"/> over Redis: one call of the sliding-window script per request, with
/// the hour, day and month windows of <see cref="LimitWindow.All"/> and the per-day usage of the key.
/// </summary>
internal sealed class RedisSlidingWindowLimiter(
    IConnectionMultiplexer redis,
    SlidingWindowScript script,
    IOptions<LimitsOptions> options,
    TimeProvider timeProvider) : IRateLimiter
{
    // In shadow mode the script counts every request and only reports what enforcing would have decided.
    private readonly int _enforce = options.Value.Mode == LimitsMode.Enforce ? 1 : 0;

    /// <summary>How long per-day usage is kept in Redis.</summary>
    internal static readonly TimeSpan UsageRetention = TimeSpan.FromDays(90);

    private static readonly IReadOnlyList<LimitWindow> Windows = LimitWindow.All;

    public Task<LimitDecision> AcquireAsync(string accountId, string keyId, TierLimits limits, CancellationToken cancellationToken) =>
        RunAsync(accountId, keyId, limits, cost: 1, cancellationToken);

    public Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken) =>
        RunAsync(accountId, keyId: "", limits, cost: 0, cancellationToken);

    private async Task<LimitDecision> RunAsync(string accountId, string keyId, TierLimits limits, int cost, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var nowMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

        var keys = new RedisKey[Windows.Count * 2 + 1];
        var args = new RedisValue[5 + Windows.Count * 3];
        args[0] = nowMs;
        args[1] = cost;
        args[2] = keyId;
        args[3] = (long)UsageRetention.TotalSeconds;
        args[4] = _enforce;
        for (var i = 0; i < Windows.Count; i++)
        {
            var window = Windows[i];
            keys[2 * i] = RedisKeys.WindowBuckets(accountId, window);
            keys[2 * i + 1] = RedisKeys.WindowCounts(accountId, window);
            args[5 + 3 * i] = limits.For(i);
            args[6 + 3 * i] = (long)window.Length.TotalMilliseconds;
            args[7 + 3 * i] = (long)window.BucketSize.TotalMilliseconds;
        }
        keys[^1] = RedisKeys.DailyUsage(accountId, EpochDay.Of(nowMs));

        var result = await script.EvaluateAsync(redis.GetDatabase(), keys, args).ConfigureAwait(false);
        return Parse((RedisResult[])result!, limits);
    }

    /// <summary>Reads the script's positional result: admitted, retry_after_ms, then used and reset_ms per window.</summary>
    private static LimitDecision Parse(RedisResult[] values, TierLimits limits)
    {
        var windows = new WindowUsage[Windows.Count];
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new WindowUsage(
                Windows[i],
                limits.For(i),
                (long)values[2 + 2 * i],
                TimeSpan.FromMilliseconds((long)values[3 + 2 * i]));
        }
        return new LimitDecision((long)values[0] == 1, TimeSpan.FromMilliseconds((long)values[1]), windows);
    }
}
