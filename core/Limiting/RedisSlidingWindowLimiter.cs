using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>
/// <see cref="IRateLimiter"/> over Redis: one call of the sliding-window script per request, with
/// the hour, day and month windows of <see cref="LimitWindow.All"/> and the per-day usage of the key.
/// A counting call carries a deadline (<see cref="RedisClock"/>): one that Redis runs after its caller has given
/// up waiting counts nothing and ends in a <see cref="TimeoutException"/>, like a call that never answered.
/// </summary>
internal sealed class RedisSlidingWindowLimiter(
    IConnectionMultiplexer redis,
    SlidingWindowScript script,
    AccountWindowKeys keyNames,
    RedisClock clock,
    IOptions<LimitsOptions> options,
    IOptions<RedisOptions> redisOptions,
    TimeProvider timeProvider) : IRateLimiter
{
    // In shadow mode the script counts every request and only reports what enforcing would have decided.
    private readonly bool _enforce = options.Value.Mode == LimitsMode.Enforce;

    // How long RedisGuard waits for a call: the deadline a counting call carries.
    private readonly TimeSpan _timeout = TimeSpan.FromMilliseconds(redisOptions.Value.TimeoutMs);

    private static readonly IReadOnlyList<LimitWindow> Windows = LimitWindow.All;

    public Task<LimitDecision> AcquireAsync(string accountId, string keyId, TierLimits limits, CancellationToken cancellationToken) =>
        RunAsync(accountId, keyId, limits, cost: 1, cancellationToken);

    public Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken) =>
        RunAsync(accountId, keyId: "", limits, cost: 0, cancellationToken);

    private async Task<LimitDecision> RunAsync(string accountId, string keyId, TierLimits limits, int cost, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var nowMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var keys = keyNames.For(accountId, EpochDay.Of(nowMs));
        var sentAt = clock.LocalNow;
        // Only a call that counts needs a deadline: a late report changes nothing.
        var deadline = cost > 0 ? clock.DeadlineFor(sentAt, _timeout) : 0;
        var args = SlidingWindowScript.Arguments(nowMs, cost, keyId, _enforce, deadline, limits);

        var values = (RedisResult[])(await script.EvaluateAsync(redis.GetDatabase(), keys, args).ConfigureAwait(false))!;
        clock.Observe((long)values[2], clock.LocalNow);
        if ((long)values[0] == SlidingWindowScript.Late)
        {
            throw new TimeoutException("Redis ran the limiter call after its deadline; it counted nothing.");
        }
        return Parse(values, limits);
    }

    /// <summary>Reads the script's positional result: admitted, retry_after_ms, redis_time_us, then used and reset_ms per window.</summary>
    private static LimitDecision Parse(RedisResult[] values, TierLimits limits)
    {
        var windows = new WindowUsage[Windows.Count];
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new WindowUsage(
                Windows[i],
                limits.For(i),
                (long)values[3 + 2 * i],
                TimeSpan.FromMilliseconds((long)values[4 + 2 * i]));
        }
        return new LimitDecision((long)values[0] == 1, TimeSpan.FromMilliseconds((long)values[1]), windows);
    }
}
