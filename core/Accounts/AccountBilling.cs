namespace Tollgate.Core.Accounts;

/// <summary>What the payment provider keeps on an account (Stripe's ids, the billing cycle, a running grace period).</summary>
/// <param name="StripeCustomerId">Stripe's customer id (<c>cus_…</c>), once a checkout completed; null before.</param>
/// <param name="StripeSubscriptionId">The account's Stripe subscription (<c>sub_…</c>); null when it has none (never had, or cancelled).</param>
/// <param name="CycleAnchor">Stripe's billing cycle anchor: the instant each billing period starts from; null without a subscription.</param>
/// <param name="GraceEndsAt">
/// After a failed payment: when the account falls back to the free tier unless a payment succeeds first; null when no payment is outstanding.
/// </param>
public sealed record AccountBilling(string? StripeCustomerId, string? StripeSubscriptionId, DateTimeOffset? CycleAnchor, DateTimeOffset? GraceEndsAt)
{
    /// <summary>An account the provider knows nothing of.</summary>
    public static readonly AccountBilling None = new(null, null, null, null);
}
