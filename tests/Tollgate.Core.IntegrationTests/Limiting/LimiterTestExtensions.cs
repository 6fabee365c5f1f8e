using Tollgate.Core.Limiting;

namespace Tollgate.Core.IntegrationTests.Limiting;

internal static class LimiterTestExtensions
{
    /// <summary>Fires <paramref name="count"/> requests at once and waits for every decision.</summary>
    public static Task<LimitDecision[]> AcquireManyAsync(this IRateLimiter limiter, string accountId, int count, TierLimits limits, string keyId = "key_default") =>
        Task.WhenAll(Enumerable.Range(0, count).Select(_ => limiter.AcquireAsync(accountId, keyId, 1, limits, CancellationToken.None)));

    public static Task<LimitDecision> AcquireAsync(this IRateLimiter limiter, string accountId, TierLimits limits, string keyId = "key_default") =>
        limiter.AcquireAsync(accountId, keyId, 1, limits, CancellationToken.None);

    public static Task<LimitDecision> PeekAsync(this IRateLimiter limiter, string accountId, TierLimits limits) =>
        limiter.PeekAsync(accountId, limits, CancellationToken.None);

    public static int Admitted(this IEnumerable<LimitDecision> decisions) => decisions.Count(d => d.Admitted);

    public static long Used(this LimitDecision decision, LimitWindow window) => decision.Windows.Single(w => w.Window == window).Used;
}
