namespace Tollgate.Core.Billing;

/// <summary>The <c>Billing:Stripe</c> section: how Tollgate talks to Stripe and which Stripe price each priced tier is sold at.</summary>
public sealed class StripeBillingOptions
{
    /// <summary>Stripe's own API address, the default of <see cref="ApiBase"/>.</summary>
    public const string StripeApiBase = "https://api.stripe.com";

    /// <summary>The secret API key (<c>sk_test_…</c>, <c>sk_live_…</c> or a restricted <c>rk_…</c>). Required.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (<c>whsec_…</c>), which <c>Stripe-Signature</c> is checked against. Required.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Where the Stripe API is; default <see cref="StripeApiBase"/> (tests point it at a local stand-in).</summary>
    public string ApiBase { get; set; } = StripeApiBase;

    /// <summary>Tier name to Stripe price id (<c>price_…</c>): one for every priced tier of the catalogue, each price for one tier only.</summary>
    public Dictionary<string, string> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Tier name to the metered Stripe price (<c>price_…</c>, per 1,000 units on the meter of <see cref="MeterEventName"/>) that bills the
    /// tier's overage: Checkout adds it as a second line item and a plan change swaps, adds or removes it with the tier. Required for every
    /// priced tier with <c>Overage: Bill</c> (Stripe invoices meter events only on a subscription that carries a metered price), allowed
    /// for no other. Default none.
    /// </summary>
    public Dictionary<string, string> OveragePrices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The <c>event_name</c> of the Stripe meter overage units are reported to (billing/meter_events). Default <c>tollgate_overage</c>;
    /// the meter sums <c>payload[value]</c> per <c>payload[stripe_customer_id]</c>.
    /// </summary>
    public string MeterEventName { get; set; } = "tollgate_overage";

    /// <summary>
    /// Where the customer portal ("Manage billing") sends the browser back to; default the gateway's dashboard at its default address.
    /// </summary>
    public string PortalReturnUrl { get; set; } = "http://127.0.0.1:8000/dashboard";

    /// <summary>Where Stripe sends the browser after a paid checkout; default the gateway's dashboard at its default address.</summary>
    public string SuccessUrl { get; set; } = "http://127.0.0.1:8000/dashboard?checkout=success";

    /// <summary>Where Stripe sends the browser when the checkout is abandoned; default the gateway's dashboard at its default address.</summary>
    public string CancelUrl { get; set; } = "http://127.0.0.1:8000/dashboard?checkout=cancel";
}
