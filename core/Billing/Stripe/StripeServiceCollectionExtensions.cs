using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stripe;
using Tollgate.Core.Billing.Metering;

namespace Tollgate.Core.Billing.Stripe;

/// <summary>Registers the Stripe provider's parts; they are only built when <c>Billing:Provider</c> is Stripe.</summary>
public static class StripeServiceCollectionExtensions
{
    /// <summary>
    /// The Stripe client (pointed at <see cref="StripeBillingOptions.ApiBase"/>), the provider, the webhook handler and overage metering;
    /// also, whatever the provider, the overage read for the dashboard (<see cref="AccountOverage"/>, priced by each tier's
    /// <c>UnitPrice</c>).
    /// </summary>
    internal static IServiceCollection AddStripeBilling(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var stripe = sp.GetRequiredService<IOptions<BillingOptions>>().Value.Stripe;
            return new StripeClient(apiKey: stripe.SecretKey, apiBase: stripe.ApiBase.TrimEnd('/'));
        });
        services.AddSingleton<StripePrices>();
        services.AddSingleton<StripeBillingProvider>();
        services.AddSingleton<StripeSignature>();
        services.AddSingleton<IStripeWebhook, StripeWebhookHandler>();
        services.AddSingleton<SealOverageScript>();
        services.AddSingleton<ClearOverageScript>();
        services.AddSingleton<OverageLedger>();
        services.AddSingleton<OverageReporter>();
        services.AddSingleton<AccountOverage>();
        return services;
    }

    /// <summary>
    /// Runs the end of payment grace periods in this process (<see cref="BillingOptions.GraceDays"/>); idle unless the provider is Stripe.
    /// The gateway, which takes Stripe's webhook, runs it.
    /// </summary>
    public static IServiceCollection AddBillingGracePeriods(this IServiceCollection services) =>
        services.AddHostedService<GracePeriodService>();

    /// <summary>
    /// Reports accounts' overage units to Stripe from this process (<see cref="OverageMeteringService"/>); idle unless the provider is
    /// Stripe. Safe to run in every instance at once. The gateway runs it.
    /// </summary>
    public static IServiceCollection AddOverageMetering(this IServiceCollection services) =>
        services.AddHostedService<OverageMeteringService>();
}
