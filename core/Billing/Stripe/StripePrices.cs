using Microsoft.Extensions.Options;
using Stripe;

namespace Tollgate.Core.Billing.Stripe;

/// <summary>
/// What the Stripe prices of <see cref="StripeBillingOptions"/> stand for: a tier's own price (<see cref="StripeBillingOptions.Prices"/>)
/// or a tier's metered overage price (<see cref="StripeBillingOptions.OveragePrices"/>), and which items of a subscription carry them,
/// in whatever order Stripe lists them.
/// </summary>
internal sealed class StripePrices(IOptions<BillingOptions> options)
{
    private StripeBillingOptions Stripe => options.Value.Stripe;

    /// <summary>The price <paramref name="tier"/> is sold at; null for a tier not sold through Stripe (a free one).</summary>
    public string? PriceOf(string tier) => Stripe.Prices.TryGetValue(tier, out var price) ? price : null;

    /// <summary>The metered price that bills <paramref name="tier"/>'s overage; null when the tier has none.</summary>
    public string? OveragePriceOf(string tier) => Stripe.OveragePrices.TryGetValue(tier, out var price) ? price : null;

    /// <summary>The tier sold at <paramref name="priceId"/>; null for any other price (an overage price among them).</summary>
    public string? TierOf(string? priceId) =>
        priceId is null ? null : Stripe.Prices.FirstOrDefault(p => string.Equals(p.Value, priceId, StringComparison.Ordinal)).Key;

    /// <summary>True when <paramref name="priceId"/> is one of the overage prices.</summary>
    public bool IsOverage(string? priceId) =>
        priceId is not null && Stripe.OveragePrices.Values.Contains(priceId, StringComparer.Ordinal);

    /// <summary>
    /// The tiers whose prices <paramref name="subscription"/>'s items carry, each once: one for a subscription Tollgate made, none or
    /// several for one changed by hand at Stripe. Overage items and prices of no tier are left out.
    /// </summary>
    public IReadOnlyList<string> TiersOf(Subscription subscription) =>
        [.. ItemsOf(subscription).Select(i => TierOf(i.Price?.Id)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// The item that carries the tier's price (a known tier price first, else the first item that is no overage item, so a price
    /// replaced by hand at Stripe is still the one a plan change replaces) and the overage item; either null when there is none.
    /// </summary>
    public (SubscriptionItem? Tier, SubscriptionItem? Overage) Split(Subscription subscription)
    {
        var items = ItemsOf(subscription);
        var tier = items.FirstOrDefault(i => TierOf(i.Price?.Id) is not null) ?? items.FirstOrDefault(i => !IsOverage(i.Price?.Id));
        var overage = items.FirstOrDefault(i => IsOverage(i.Price?.Id));
        return (tier, overage);
    }

    private static List<SubscriptionItem> ItemsOf(Subscription subscription) => subscription.Items?.Data ?? [];
}
