using System.Diagnostics;
using System.Runtime.ExceptionServices;
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
        catch (StoreUnavailableException failure)
        {
            return await AnswerByPolicyAsync(accountId, keyId, cost, limits, failure, shared: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The outage policy's answer for a request whose Redis call has already failed elsewhere (a permit lease's take it
    /// waited for), without another call: a hang must not cost it a second timeout, nor the breaker a failure per waiter.
    /// </summary>
    public Task<LimitDecision> FallbackAsync(string accountId, string keyId, int cost, TierLimits limits, StoreUnavailableException failure, CancellationToken cancellationToken) =>
        AnswerByPolicyAsync(accountId, keyId, cost, limits, failure, shared: true, cancellationToken);

    /// <summary>
    /// The one place the outage policy is applied: under <see cref="RedisFailurePolicy.FailClosed"/> the failure goes on
    /// to the caller (a new exception when <paramref name="shared"/>: one failed take answers every request that waited
    /// for it, and one exception object must not be thrown on several threads at once).
    /// </summary>
    private async Task<LimitDecision> AnswerByPolicyAsync(
        string accountId, string keyId, int cost, TierLimits limits, StoreUnavailableException failure, bool shared, CancellationToken cancellationToken)
    {
        metrics.Fallback(_policy);
        switch (_policy)
        {
            case RedisFailurePolicy.FailClosed when shared:
                throw new StoreUnavailableException(failure.Fault, failure.Message, failure);
            case RedisFailurePolicy.FailClosed:
                // The request's own failure goes on as it was thrown, its stack trace kept.
                ExceptionDispatchInfo.Throw(failure);
                throw new UnreachableException();
            case RedisFailurePolicy.Local:
                // The fallback decides in the same mode as Redis would have: a shadow launch stays a shadow launch in an outage.
                return (await local.AcquireAsync(accountId, keyId, cost, limits, cancellationToken).ConfigureAwait(false)) with { Mode = redis.Mode };
            default:
                return Uncounted(limits, cost, redis.Mode);
        }
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
