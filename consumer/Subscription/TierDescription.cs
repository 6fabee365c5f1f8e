using Tollgate.Core.Tiers;

namespace Tollgate.ConsumerSide.Subscription;

/// <summary>One tier as the seed's subscription API describes it (snake_case on the wire).</summary>
internal sealed record TierDescription(
    string DisplayName,
    decimal PriceMonthly,
    long RequestsPerHour,
    long RequestsPerDay,
    long RequestsPerMonth,
    int MaxApiKeys,
    IReadOnlyList<string> Features)
{
    public static TierDescription From(Tier tier) => new(
        tier.DisplayName,
        tier.PriceMonthly,
        tier.Limits.PerHour,
        tier.Limits.PerDay,
        tier.Limits.PerMonth,
        tier.MaxKeys,
        tier.Features);
}
