using Tollgate.Core.Tiers;
using Tollgate.SelfService.Contracts;

namespace Tollgate.ConsumerSide.Subscription;

/// <summary>One tier as the seed's subscription API describes it (snake_case on the wire).</summary>
/// <remarks>After the seed's fields: <c>requests_per_second</c> (the burst window; null when none) and <c>overage</c>.</remarks>
internal sealed record TierDescription(
    string DisplayName,
    decimal PriceMonthly,
    long RequestsPerHour,
    long RequestsPerDay,
    long RequestsPerMonth,
    int MaxApiKeys,
    IReadOnlyList<string> Features,
    long? RequestsPerSecond,
    TierOverageResponse Overage)
{
    /// <summary>What the month window is: "sliding_30_days" or "billing_period" (resets at the account's period anchor).</summary>
    public string MonthlyWindow { get; init; } = MonthlyWindowText.Of(Core.Limiting.MonthlyWindow.Sliding30Days);

    public static TierDescription From(Tier tier) => new(
        tier.DisplayName,
        tier.PriceMonthly,
        tier.Limits.PerHour,
        tier.Limits.PerDay,
        tier.Limits.PerMonth,
        tier.MaxKeys,
        tier.Features,
        tier.Limits.PerSecond,
        TierOverageResponse.From(tier))
    {
        MonthlyWindow = MonthlyWindowText.Of(tier.Limits.MonthlyWindow),
    };
}
