using Tollgate.SelfService.Contracts;

namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>One tier of the comparison table.</summary>
/// <param name="Name">Catalogue name, e.g. "pro".</param>
/// <param name="DisplayName">Name shown to people.</param>
/// <param name="PriceMonthly">Monthly price in US dollars.</param>
/// <param name="Limits">Requests admitted per sliding window.</param>
/// <param name="MaxKeys">Most active keys.</param>
/// <param name="Features">Features it unlocks.</param>
/// <param name="Move">"current", "upgrade" or "downgrade", seen from the account's tier.</param>
internal sealed record DashboardTierResponse(
    string Name,
    string DisplayName,
    decimal PriceMonthly,
    TierLimitsResponse Limits,
    int MaxKeys,
    IReadOnlyList<string> Features,
    string Move);
