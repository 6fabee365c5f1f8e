using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tollgate.Core.Billing;
using Tollgate.Core.Billing.Stripe;
using Tollgate.Testing;

namespace Tollgate.Core.UnitTests.Billing;

/// <summary><c>Billing:Provider</c> as the services resolve it at start: which provider, and what refuses to start.</summary>
public sealed class BillingOptionsTests
{
    [TestCase("Production", null, typeof(NoPaymentBillingProvider))]
    [TestCase("Staging", null, typeof(NoPaymentBillingProvider))]
    [TestCase("Development", null, typeof(ImmediateApprovalBillingProvider))]
    [TestCase("Development", "None", typeof(NoPaymentBillingProvider))]
    [TestCase("Production", "Simulated", typeof(ImmediateApprovalBillingProvider))]
    public void Provider_DefaultsToNoneOutsideDevelopment_SimulatedOnlyWhenSetOrInDevelopment(string environment, string? provider, Type expected)
    {
        using var services = Build(environment, provider);
        Assert.That(services.GetRequiredService<IBillingProvider>(), Is.TypeOf(expected));
    }

    [TestCase("Paypal", "Billing")]
    [TestCase("Stripe", "Billing:Stripe:SecretKey is required")]
    [TestCase("Stripe", "Billing:Stripe:WebhookSecret is required")]
    [TestCase("Stripe", "Billing:Stripe:Prices:pro is missing")]
    public void Provider_NotUsable_RefusesToStartNamingTheSetting(string provider, string message)
    {
        using var services = Build("Production", provider);
        var failure = Assert.Catch(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(failure!.ToString(), Does.Contain(message));
    }

    [Test]
    public void Stripe_FullySet_StartsWithTheStripeProvider_AndDashboardReturnUrls()
    {
        using var services = Build("Production", "Stripe", Stripe());

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.That(services.GetRequiredService<IBillingProvider>(), Is.TypeOf<StripeBillingProvider>());
        var options = services.GetRequiredService<IOptions<BillingOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(options.GraceDays, Is.EqualTo(7));
            Assert.That(options.Stripe.ApiBase, Is.EqualTo("https://api.stripe.com"));
            Assert.That(options.Stripe.SuccessUrl, Does.EndWith("/dashboard?checkout=success"));
            Assert.That(options.Stripe.CancelUrl, Does.EndWith("/dashboard?checkout=cancel"));
            Assert.That(options.Stripe.PortalReturnUrl, Does.EndWith("/dashboard"));
            Assert.That(options.Stripe.MeterEventName, Is.EqualTo("tollgate_overage"));
            Assert.That(options.MeteringIntervalSeconds, Is.EqualTo(60));
            Assert.That(services.GetRequiredService<IBillingPortal>(), Is.TypeOf<StripeBillingProvider>());
        });
    }

    [TestCase("Billing:Stripe:Prices:free", "price_x", "the tier is free")]
    [TestCase("Billing:Stripe:Prices:platinum", "price_x", "names no tier")]
    [TestCase("Billing:Stripe:Prices:business", "price_pro", "a price must name one tier")]
    [TestCase("Billing:Stripe:ApiBase", "api.stripe.com", "Billing:Stripe:ApiBase must be an absolute")]
    [TestCase("Billing:Stripe:SuccessUrl", "/dashboard", "Billing:Stripe:SuccessUrl must be an absolute")]
    [TestCase("Billing:GraceDays", "-1", "Billing:GraceDays")]
    [TestCase("Billing:MeteringIntervalSeconds", "0", "Billing:MeteringIntervalSeconds")]
    [TestCase("Billing:Stripe:MeterEventName", " ", "Billing:Stripe:MeterEventName")]
    [TestCase("Billing:Stripe:PortalReturnUrl", "dashboard", "Billing:Stripe:PortalReturnUrl must be an absolute")]
    public void Stripe_WithAWrongSetting_RefusesToStartNamingIt(string key, string value, string message)
    {
        using var services = Build("Production", "Stripe", [.. Stripe(), new(key, value)]);

        var failure = Assert.Catch(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(failure!.ToString(), Does.Contain(message));
    }

    [TestCase(null, "Billing:Stripe:OveragePrices:pro is missing: the tier bills overage")]
    [TestCase("metered_pro", "Billing:Stripe:OveragePrices:pro must be a Stripe price id (price_…)")]
    [TestCase("price_business", "Billing:Stripe:OveragePrices:pro: price_business is also a tier's price")]
    public void Stripe_WithATierThatBillsOverage_RefusesToStartWithoutItsOwnMeteredPrice(string? overagePrice, string message)
    {
        KeyValuePair<string, string?>[] price = overagePrice is null ? [] : [new("Billing:Stripe:OveragePrices:pro", overagePrice)];
        using var services = Build("Production", "Stripe", [.. Stripe(), .. ProBillsOverage(), .. price]);

        var failure = Assert.Catch(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(failure!.ToString(), Does.Contain(message));
    }

    [TestCase("Billing:Stripe:OveragePrices:business", "Billing:Stripe:OveragePrices:business: the tier does not bill overage")]
    [TestCase("Billing:Stripe:OveragePrices:platinum", "Billing:Stripe:OveragePrices:platinum names no tier")]
    [TestCase("Billing:Stripe:OveragePrices:free", "Billing:Stripe:OveragePrices:free: the tier is free")]
    public void Stripe_WithAnOveragePriceForATierThatCannotCarryOne_RefusesToStartNamingIt(string key, string message)
    {
        KeyValuePair<string, string?>[] freeBills = [new("Tiers:free:Overage", "Bill"), new("Tiers:free:UnitPrice", "5")];
        using var services = Build("Production", "Stripe", [.. Stripe(), .. ProBillsOverage(), .. freeBills,
            new("Billing:Stripe:OveragePrices:pro", "price_pro_overage"), new(key, "price_other_overage")]);

        var failure = Assert.Catch(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(failure!.ToString(), Does.Contain(message));
    }

    [Test]
    public void Stripe_WithATierThatBillsOverage_AndItsMeteredPrice_Starts()
    {
        using var services = Build("Production", "Stripe", [.. Stripe(), .. ProBillsOverage(), new("Billing:Stripe:OveragePrices:pro", "price_pro_overage")]);

        Assert.That(() => services.GetRequiredService<IStartupValidator>().Validate(), Throws.Nothing);
        Assert.That(services.GetRequiredService<IOptions<BillingOptions>>().Value.Stripe.OveragePrices["pro"], Is.EqualTo("price_pro_overage"));
    }

    private static KeyValuePair<string, string?>[] ProBillsOverage() => [new("Tiers:pro:Overage", "Bill"), new("Tiers:pro:UnitPrice", "2.50")];

    private static KeyValuePair<string, string?>[] Stripe() =>
    [
        new("Billing:Stripe:SecretKey", "sk_test_x"),
        new("Billing:Stripe:WebhookSecret", "whsec_x"),
        new("Billing:Stripe:Prices:pro", "price_pro"),
        new("Billing:Stripe:Prices:business", "price_business"),
        new("Billing:Stripe:Prices:enterprise", "price_enterprise"),
    ];

    private static ServiceProvider Build(string environment, string? provider, IEnumerable<KeyValuePair<string, string?>>? more = null)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (provider is not null)
        {
            overrides["Billing:Provider"] = provider;
        }
        foreach (var (key, value) in more ?? [])
        {
            overrides[key] = value; // a later value replaces an earlier one, as configuration layers do
        }
        var configuration = TestConfiguration.Build(overrides: overrides);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment { EnvironmentName = environment });
        services.AddTollgateCore();
        return services.BuildServiceProvider();
    }
}
