using Tollgate.Core;
using Tollgate.Core.Limiting;

namespace Tollgate.Gateway.UnitTests.Fakes;

/// <summary>
/// An <see cref="IRateLimiter"/> that answers every request with <see cref="Next"/> (or fails like a store that is
/// down), and records what it was asked to count.
/// </summary>
internal sealed class FakeRateLimiter : IRateLimiter
{
    private readonly List<string> _counted = [];

    /// <summary>The decision for the next requests; an admitted one with room in every window until set.</summary>
    public Func<TierLimits, LimitDecision> Next { get; set; } = limits => Decision(limits, admitted: true, used: 1);

    /// <summary>While true, every call fails with <see cref="StoreUnavailableException"/>, as under the FailClosed policy.</summary>
    public bool Down { get; set; }

    /// <summary>The key id of each request the step asked to count.</summary>
    public IReadOnlyList<string> Counted => _counted;

    /// <summary>The cost of each request the step asked to count.</summary>
    public IReadOnlyList<int> Costs => _costs;

    private readonly List<int> _costs = [];

    public Task<LimitDecision> AcquireAsync(string accountId, string keyId, int cost, TierLimits limits, CancellationToken cancellationToken)
    {
        if (Down)
        {
            return Task.FromException<LimitDecision>(new StoreUnavailableException(StoreFault.CircuitOpen, "The limiter's store is down."));
        }
        _counted.Add(keyId);
        _costs.Add(cost);
        return Task.FromResult(Next(limits));
    }

    public Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>A decision with <paramref name="used"/> requests in every window, as the limiter would report it.</summary>
    public static LimitDecision Decision(TierLimits limits, bool admitted, long used, LimitsMode mode = LimitsMode.Enforce, TimeSpan retryAfter = default) =>
        new(admitted, retryAfter, [.. limits.Windows.Select((w, i) => new WindowUsage(w, limits.For(i), used, TimeSpan.FromMinutes(1)))]) { Mode = mode };
}
