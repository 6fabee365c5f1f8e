namespace Tollgate.AdminApi.Contracts;

/// <summary>The outcome of a tier change; gateways apply it from the account's next request.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="PreviousTier">The tier it was on.</param>
/// <param name="Tier">The tier it is on now.</param>
/// <param name="Changed">False when it was on that tier already (nothing was charged or written).</param>
internal sealed record TierChangeResponse(string AccountId, string PreviousTier, string Tier, bool Changed);
