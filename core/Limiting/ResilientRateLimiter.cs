using Microsoft.Extensions.Options;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>
/// The limiter the gateway uses: the Redis windows through <see cref="RedisGuard"/> (hard deadline,
/// circuit breaker), and whenever Redis fails a request the configured <see cref="RedisFailurePolicy"/>:
/// unreachable or slow, but also refusing writes (OOM, READONLY), busy, loading, or the account's own keys
/// unusable (WRONGTYPE): whatever the guard reports as <see cref="StoreUnavailableException"/>. Reads
/// (<see cref="PeekAsync"/>) never fall back: a usage report must not invent numbers. Under
/// <see cref="RedisFailurePolicy.FailClosed"/> the <see cref="StoreUnavailableException"/> goes on to the caller.
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

    public async Task<LimitDecision> AcquireAsync(string accountId, string keyId, int cost, TierLimits limits, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            var decision = await redis.AcquireAsync(accountId, keyId, cost, limits, cancellationToken).ConfigureAwait(false);
            metrics.ScriptCompleted(timeProvider.GetElapsedTime(started));
            return decision;
        }
        catch (StoreUnavailableException) when (_policy != RedisFailurePolicy.FailClosed)
        {
            metrics.Fallback(_policy);
            // The fallback decides in the same mode as Redis would have: a shadow launch stays a shadow launch in an outage.
            return _policy == RedisFailurePolicy.Local
                ? (await local.AcquireAsync(accountId, keyId, cost, limits, cancellationToken).ConfigureAwait(false)) with { Mode = redis.Mode }
                : Uncounted(limits, cost, redis.Mode);
        }
        catch (StoreUnavailableException)
        {
            metrics.Fallback(_policy);
            throw;
        }
    }

    /// <summary>
    /// The outage policy's answer for a request whose Redis call has already failed elsewhere (a permit lease's take it
    /// waited for), without another call: a hang must not cost it a second timeout, nor the breaker a failure per waiter.
    /// </summary>
    public async Task<LimitDecision> FallbackAsync(string accountId, string keyId, int cost, TierLimits limits, StoreUnavailableException failure, CancellationToken cancellationToken)
    {
        metrics.Fallback(_policy);
        return _policy switch
        {
            // A new exception per request: the take's failure is shared by all who waited for it.
            RedisFailurePolicy.FailClosed => throw new StoreUnavailableException(failure.Fault, failure.Message, failure),
            RedisFailurePolicy.Local => (await local.AcquireAsync(accountId, keyId, cost, limits, cancellationToken).ConfigureAwait(false)) with { Mode = redis.Mode },
            _ => Uncounted(limits, cost, redis.Mode),
        };
    }

    public Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken) =>
        guard.RunAsync(() => redis.PeekAsync(accountId, limits, cancellationToken), cancellationToken);

    private static LimitDecision Uncounted(TierLimits limits, int cost, LimitsMode mode)
    {
        var windows = new WindowUsage[limits.Windows.Count];
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new WindowUsage(limits.Windows[i], limits.For(i), 0, TimeSpan.Zero);
        }
        return new LimitDecision(true, TimeSpan.Zero, windows) { Source = LimitSource.None, Mode = mode, Cost = cost };
    }
}
