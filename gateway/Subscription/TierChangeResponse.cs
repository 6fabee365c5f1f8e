namespace Tollgate.Gateway.Subscription;

/// <summary>The answer of <c>POST /api/v3/subscription/upgrade</c>.</summary>
/// <param name="Status">Always "success".</param>
/// <param name="Message">What happened, for people.</param>
/// <param name="PreviousTier">The tier the account left (its own name when nothing changed).</param>
/// <param name="CurrentTier">The tier in force from the next request.</param>
/// <param name="BillingReference">The billing provider's reference, when something was charged.</param>
internal sealed record TierChangeResponse(string Status, string Message, string PreviousTier, CurrentTier CurrentTier, string? BillingReference);
