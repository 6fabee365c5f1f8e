using Tollgate.SelfService.Contracts;
using Tollgate.Core.Tiers;

namespace Tollgate.AdminApi.Contracts;

/// <summary>One tier of the catalogue.</summary>
/// <param name="Name">Catalogue name, e.g. "pro".</param>
/// <param name="DisplayName">Name shown to people.</param>
/// <param name="PriceMonthly">Monthly price in US dollars.</param>
/// <param name="Limits">Requests admitted per sliding window (<c>per_second</c>: the burst window, null when none).</param>
/// <param name="MaxKeys">Most active keys one account may hold.</param>
/// <param name="Features">Features the tier unlocks.</param>
/// <param name="Overage">What the tier does past its monthly limit: block, or bill at a unit price up to a cap.</param>
internal sealed record TierResponse(
    string Name,
    string DisplayName,
    decimal PriceMonthly,
    TierLimitsResponse Limits,
    int MaxKeys,
    IReadOnlyList<string> Features,
    TierOverageResponse Overage)
{
    /// <summary>What the month window is: "sliding_30_days" or "billing_period" (resets at the account's period anchor).</summary>
    public string MonthlyWindow { get; init; } = MonthlyWindowText.Of(Core.Limiting.MonthlyWindow.Sliding30Days);

    public static TierResponse From(Tier tier) => new(
        tier.Name,
        tier.DisplayName,
        tier.PriceMonthly,
        TierLimitsResponse.From(tier.Limits),
        tier.MaxKeys,
        tier.Features,
        TierOverageResponse.From(tier))
    {
        MonthlyWindow = MonthlyWindowText.Of(tier.Limits.MonthlyWindow),
    };
}
