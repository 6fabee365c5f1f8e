using Tollgate.Testing.Stripe;

namespace Tollgate.Gateway.FunctionalTests.Billing;

/// <summary>The gateway's configuration with <c>Billing:Provider=Stripe</c>, pointed at a <see cref="StripeStandIn"/>.</summary>
internal static class StripeSettings
{
    public const string ProPrice = "price_pro_monthly";
    public const string BusinessPrice = "price_business_monthly";
    public const string EnterprisePrice = "price_enterprise_monthly";

    public static Dictionary<string, string?> For(StripeStandIn stripe, IReadOnlyDictionary<string, string?>? more = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Billing:Provider"] = "Stripe",
            ["Billing:Stripe:SecretKey"] = StripeStandIn.SecretKey,
            ["Billing:Stripe:WebhookSecret"] = StripeEvents.WebhookSecret,
            ["Billing:Stripe:ApiBase"] = stripe.Address.ToString(),
            ["Billing:Stripe:Prices:pro"] = ProPrice,
            ["Billing:Stripe:Prices:business"] = BusinessPrice,
            ["Billing:Stripe:Prices:enterprise"] = EnterprisePrice,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        return values;
    }
}
