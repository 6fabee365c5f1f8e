namespace Tollgate.Core.Billing;

/// <summary>Which payment provider settles consumers' tier changes (<c>Billing:Provider</c>).</summary>
public enum BillingProviderKind
{
    /// <summary>
    /// No payments: a consumer cannot move to a tier that costs more (402, with how to upgrade instead); moves
    /// down or to a free tier, and every admin change, still work. The default outside Development.
    /// </summary>
    None,

    /// <summary>Approves every change at once and charges nothing: demos and Development only, and only when set.</summary>
    Simulated,

    /// <summary>
    /// Stripe: a consumer's upgrade goes through a Stripe Checkout Session and the tier follows Stripe's webhook events
    /// (<see cref="BillingOptions.Stripe"/>).
    /// </summary>
    Stripe,
}
