namespace Tollgate.ConsumerSide.Subscription;

/// <summary>The seed's <c>GET /api/v3/subscription/tiers</c> answer.</summary>
/// <param name="Status">Always "success".</param>
/// <param name="Tiers">Tier name to its description, cheapest first.</param>
internal sealed record TierCatalogResponse(string Status, IReadOnlyDictionary<string, TierDescription> Tiers);
