using Microsoft.Extensions.Options;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing;

/// <summary>Refuses to start with a billing set-up that cannot work, naming the setting.</summary>
internal sealed class BillingOptionsValidator(IOptions<TierCatalogOptions> tiers) : IValidateOptions<BillingOptions>
{
    public const int MaxContactLength = 200;
    public const int MaxGraceDays = 90;
    public const int MaxMeteringIntervalSeconds = 3600;
    public const int MaxMeterEventNameLength = 100;

    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        var failures = new List<string>();
        if (options.Provider == BillingProviderKind.Stripe)
        {
            // Running with a half-configured provider would hand out paid tiers or refuse every upgrade silently.
            ValidateStripe(options.Stripe, failures);
        }
        if (options.GraceDays is < 0 or > MaxGraceDays)
        {
            failures.Add($"Billing:GraceDays must be between 0 and {MaxGraceDays}.");
        }
        if (options.MeteringIntervalSeconds is < 1 or > MaxMeteringIntervalSeconds)
        {
            failures.Add($"Billing:MeteringIntervalSeconds must be between 1 and {MaxMeteringIntervalSeconds}.");
        }
        if (options.UpgradeContact is { } contact
            && (contact.Length > MaxContactLength || VisibleText.HasHiddenCharacters(contact)))
        {
            failures.Add($"Billing:UpgradeContact must be at most {MaxContactLength} characters without control characters.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateStripe(StripeBillingOptions stripe, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(stripe.SecretKey))
        {
            failures.Add("Billing:Stripe:SecretKey is required with Billing:Provider Stripe (sk_test_… in Stripe's test mode).");
        }
        if (string.IsNullOrWhiteSpace(stripe.WebhookSecret))
        {
            failures.Add("Billing:Stripe:WebhookSecret is required with Billing:Provider Stripe (the whsec_… of the webhook endpoint).");
        }
        if (string.IsNullOrWhiteSpace(stripe.MeterEventName) || stripe.MeterEventName.Length > MaxMeterEventNameLength
            || VisibleText.HasHiddenCharacters(stripe.MeterEventName))
        {
            failures.Add($"Billing:Stripe:MeterEventName must be the event name of a Stripe meter (at most {MaxMeterEventNameLength} characters).");
        }
        foreach (var (name, value) in new[]
        {
            ("ApiBase", stripe.ApiBase), ("SuccessUrl", stripe.SuccessUrl), ("CancelUrl", stripe.CancelUrl), ("PortalReturnUrl", stripe.PortalReturnUrl),
        })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"Billing:Stripe:{name} must be an absolute http(s) URL.");
            }
        }
        var catalog = tiers.Value;
        foreach (var (tier, price) in stripe.Prices)
        {
            if (!catalog.TryGetValue(tier, out var definition))
            {
                failures.Add($"Billing:Stripe:Prices:{tier} names no tier of the catalogue.");
            }
            else if (definition.PriceMonthly <= 0)
            {
                failures.Add($"Billing:Stripe:Prices:{tier}: the tier is free; only priced tiers are sold through Stripe.");
            }
            if (string.IsNullOrWhiteSpace(price))
            {
                failures.Add($"Billing:Stripe:Prices:{tier} must be a Stripe price id (price_…).");
            }
        }
        foreach (var (tier, definition) in catalog)
        {
            if (definition.PriceMonthly > 0 && !stripe.Prices.ContainsKey(tier))
            {
                failures.Add($"Billing:Stripe:Prices:{tier} is missing: every priced tier needs its Stripe price.");
            }
        }
        foreach (var shared in stripe.Prices.GroupBy(p => p.Value, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"Billing:Stripe:Prices: {shared.Key} is the price of {string.Join(" and ", shared.Select(p => p.Key))}; a price must name one tier.");
        }
        ValidateOveragePrices(stripe, catalog, failures);
    }

    private static void ValidateOveragePrices(StripeBillingOptions stripe, TierCatalogOptions catalog, List<string> failures)
    {
        var tierPrices = stripe.Prices.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var (tier, price) in stripe.OveragePrices)
        {
            if (!catalog.TryGetValue(tier, out var definition))
            {
                failures.Add($"Billing:Stripe:OveragePrices:{tier} names no tier of the catalogue.");
            }
            else if (!definition.BillsOverage)
            {
                failures.Add($"Billing:Stripe:OveragePrices:{tier}: the tier does not bill overage (set Tiers:{tier}:Overage to Bill, or remove the price).");
            }
            else if (definition.PriceMonthly <= 0)
            {
                failures.Add($"Billing:Stripe:OveragePrices:{tier}: the tier is free, so it has no Stripe subscription to carry an overage price.");
            }
            if (string.IsNullOrWhiteSpace(price) || !price.StartsWith("price_", StringComparison.Ordinal) || VisibleText.HasHiddenCharacters(price))
            {
                failures.Add($"Billing:Stripe:OveragePrices:{tier} must be a Stripe price id (price_…).");
            }
            else if (tierPrices.Contains(price))
            {
                // The webhook tells a subscription's tier by its tier price: one price cannot be both.
                failures.Add($"Billing:Stripe:OveragePrices:{tier}: {price} is also a tier's price (Billing:Stripe:Prices); the overage price must be a metered price of its own.");
            }
        }
        foreach (var (tier, definition) in catalog)
        {
            // Metered units without a metered price on the subscription are never invoiced: overage would be served free, silently.
            if (definition.BillsOverage && definition.PriceMonthly > 0 && !stripe.OveragePrices.ContainsKey(tier))
            {
                failures.Add($"Billing:Stripe:OveragePrices:{tier} is missing: the tier bills overage (Overage: Bill) and Stripe invoices " +
                    "meter events only on a subscription that carries a metered price (per 1,000 units, on the meter of Billing:Stripe:MeterEventName).");
            }
        }
    }
}
