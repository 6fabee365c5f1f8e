namespace Tollgate.AdminApi.Contracts;

/// <summary>The tier catalogue, cheapest first.</summary>
/// <param name="Items">The tiers.</param>
internal sealed record TierListResponse(IReadOnlyList<TierResponse> Items);
