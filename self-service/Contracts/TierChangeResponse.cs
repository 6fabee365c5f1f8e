namespace Tollgate.SelfService.Contracts;

/// <summary>The outcome of a tier change, on every side; gateways apply it from the account's next request.</summary>
/// <param name="Status">Always "success" (the seed's subscription API has it).</param>
/// <param name="AccountId">The account.</param>
/// <param name="PreviousTier">The tier it was on.</param>
/// <param name="Tier">The tier it is on now.</param>
/// <param name="CurrentTier">That tier with its name for people and price.</param>
/// <param name="Changed">False when it was on that tier already (nothing was charged or written).</param>
/// <param name="Message">What happened, for people.</param>
/// <param name="BillingReference">The billing provider's reference, when something was charged.</param>
public sealed record TierChangeResponse(
    string Status,
    string AccountId,
    string PreviousTier,
    string Tier,
    CurrentTier CurrentTier,
    bool Changed,
    string Message,
    string? BillingReference);
