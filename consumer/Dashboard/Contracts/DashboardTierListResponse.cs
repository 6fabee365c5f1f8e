namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>Every tier, cheapest first, with the account's marked.</summary>
/// <param name="Current">The account's tier.</param>
/// <param name="ActiveKeys">The account's active keys (a downgrade below that is refused).</param>
/// <param name="Tiers">The catalogue.</param>
/// <param name="ManageBilling">True when the account pays through the provider, so "Manage billing" can open its customer portal.</param>
internal sealed record DashboardTierListResponse(string Current, int ActiveKeys, IReadOnlyList<DashboardTierResponse> Tiers, bool ManageBilling);
