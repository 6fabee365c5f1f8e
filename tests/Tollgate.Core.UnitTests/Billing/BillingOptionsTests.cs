using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tollgate.Core.Billing;
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

    [TestCase("Stripe", "not available yet")]
    [TestCase("Paypal", "Billing")]
    public void Provider_NotAvailable_RefusesToStartNamingTheSetting(string provider, string message)
    {
        using var services = Build("Production", provider);
        var failure = Assert.Catch(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(failure!.ToString(), Does.Contain(message));
    }

    private static ServiceProvider Build(string environment, string? provider)
    {
        var configuration = TestConfiguration.Build(overrides: provider is null ? [] : [new("Billing:Provider", provider)]);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment { EnvironmentName = environment });
        services.AddTollgateCore();
        return services.BuildServiceProvider();
    }
}
