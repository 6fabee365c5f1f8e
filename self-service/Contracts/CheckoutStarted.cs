namespace Tollgate.SelfService.Contracts;

/// <summary>The 202 answer to a consumer's move to a priced tier under Stripe: pay at <paramref name="CheckoutUrl"/>; the tier changes once Stripe confirms.</summary>
/// <param name="Status">Always <c>pending</c>.</param>
/// <param name="CheckoutUrl">Stripe Checkout's page for this account and tier.</param>
/// <param name="CurrentTier">The tier the account keeps until the payment is confirmed.</param>
/// <param name="RequestedTier">The tier being paid for.</param>
public sealed record CheckoutStarted(string Status, Uri CheckoutUrl, string CurrentTier, string RequestedTier);
