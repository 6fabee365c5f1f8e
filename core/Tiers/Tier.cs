using Tollgate.Core.Limiting;

namespace Tollgate.Core.Tiers;

/// <summary>A validated tier as the services use it.</summary>
/// <param name="Name">Catalogue key, lowercase, e.g. "pro".</param>
/// <param name="DisplayName">Name shown to people.</param>
/// <param name="PriceMonthly">Monthly price in US dollars.</param>
/// <param name="Limits">Units admitted per sliding window, burst window, usage alerts and overage.</param>
/// <param name="MaxKeys">Most active keys an account of this tier may hold.</param>
/// <param name="Features">Features this tier unlocks, in catalogue order.</param>
/// <param name="Rank">Position from cheapest (0) up; ties broken by hourly limit, then name.</param>
public sealed record Tier(
    string Name,
    string DisplayName,
    decimal PriceMonthly,
    TierLimits Limits,
    int MaxKeys,
    IReadOnlyList<string> Features,
    int Rank)
{
    /// <summary>With overage billed (<see cref="TierLimits.Overage"/>): the price in US dollars per 1,000 overage units; else null.</summary>
    public decimal? OverageUnitPrice { get; init; }

    /// <summary>True when the tier unlocks <paramref name="feature"/>.</summary>
    public bool HasFeature(string feature) => Features.Contains(feature);
}
