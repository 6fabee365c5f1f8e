using Tollgate.SelfService.Contracts;
using Tollgate.Core.Tiers;

namespace Tollgate.AdminApi.Contracts;

/// <summary>One tier of the catalogue.</summary>
/// <param name="Name">Catalogue name, e.g. "pro".</param>
/// <param name="DisplayName">Name shown to people.</param>
/// <param name="PriceMonthly">Monthly price in US dollars.</param>
/// <param name="Limits">Requests admitted per sliding window.</param>
/// <param name="MaxKeys">Most active keys one account may hold.</param>
/// <param name="Features">Features the tier unlocks.</param>
internal sealed record TierResponse(
    string Name,
    string DisplayName,
    decimal PriceMonthly,
    TierLimitsResponse Limits,
    int MaxKeys,
    IReadOnlyList<string> Features)
{
    /// <summary>What the month window is: "sliding_30_days" or "billing_period" (resets at the account's period anchor).</summary>
    public string MonthlyWindow { get; init; } = MonthlyWindowText.Of(Core.Limiting.MonthlyWindow.Sliding30Days);

    public static TierResponse From(Tier tier) => new(
        tier.Name,
        tier.DisplayName,
        tier.PriceMonthly,
        new TierLimitsResponse(tier.Limits.PerHour, tier.Limits.PerDay, tier.Limits.PerMonth),
        tier.MaxKeys,
        tier.Features)
    {
        MonthlyWindow = MonthlyWindowText.Of(tier.Limits.MonthlyWindow),
    };
}
