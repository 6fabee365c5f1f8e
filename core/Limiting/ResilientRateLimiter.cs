using Microsoft.Extensions.Options;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>
/// The limiter the gateway uses: the Redis windows through <see cref="RedisGuard"/> (hard deadline,
/// circuit breaker), and whenever Redis fails a request the configured <see cref="RedisFailurePolicy"/>:
/// unreachable or slow, but also refusing writes (OOM, READONLY), busy, loading, or the account's own keys
/// unusable (WRONGTYPE; see <see cref="RedisFaults"/>). Reads (<see cref="PeekAsync"/>) never fall back: a
/// usage report must not invent numbers.
/// </summary>
/// <remarks>
/// The Redis limiter guards each of its calls itself, since one call carries every waiting request of an
/// account: the breaker counts the call once, not once per request.
/// </remarks>
internal sealed class ResilientRateLimiter(
    RedisSlidingWindowLimiter redis,
    LocalSlidingWindowLimiter local,
    RedisGuard guard,
    LimiterMetrics metrics,
    TimeProvider timeProvider,
    IOptions<LimitsOptions> options) : IRateLimiter
{
    private readonly RedisFailurePolicy _policy = options.Value.RedisFailurePolicy;

    public async Task<LimitDecision> AcquireAsync(string accountId, string keyId, TierLimits limits, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            var decision = await redis.AcquireAsync(accountId, keyId, limits, cancellationToken).ConfigureAwait(false);
            metrics.ScriptCompleted(timeProvider.GetElapsedTime(started));
            return decision;
        }
        catch (Exception e) when (RedisFaults.Classify(e) is { } unavailable)
        {
            metrics.Fallback(_policy);
            if (_policy == RedisFailurePolicy.FailClosed)
            {
                if (ReferenceEquals(unavailable, e))
                {
                    throw;
                }
                throw unavailable;
            }
            return _policy == RedisFailurePolicy.Local
                ? await local.AcquireAsync(accountId, keyId, limits, cancellationToken).ConfigureAwait(false)
                : Uncounted(limits);
        }
    }

    public Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken) =>
        guard.RunAsync(() => redis.PeekAsync(accountId, limits, cancellationToken), cancellationToken);

    private static LimitDecision Uncounted(TierLimits limits)
    {
        var windows = new WindowUsage[LimitWindow.All.Count];
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new WindowUsage(LimitWindow.All[i], limits.For(i), 0, TimeSpan.Zero);
        }
        return new LimitDecision(true, TimeSpan.Zero, windows) { Source = LimitSource.None };
    }
}
