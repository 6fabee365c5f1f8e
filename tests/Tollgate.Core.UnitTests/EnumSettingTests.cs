using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tollgate.Core.Billing;
using Tollgate.Core.Limiting;
using Tollgate.Testing;

namespace Tollgate.Core.UnitTests;

/// <summary>
/// Enum-valued settings outside the tier catalogue, as start-up reads them: by name only. The binder alone takes a number
/// or a comma list for a name, silently ("1" would turn enforcement into a shadow launch).
/// </summary>
public sealed class EnumSettingTests
{
    [TestCase("Limits:Mode", "1", "Limits:Mode must be Enforce or Shadow.")]
    [TestCase("Limits:Mode", "Enforce,Shadow", "Limits:Mode must be Enforce or Shadow.")]
    [TestCase("Limits:RedisFailurePolicy", "1", "Limits:RedisFailurePolicy must be Local, FailOpen or FailClosed.")]
    [TestCase("Limits:RedisFailurePolicy", "7", "Limits:RedisFailurePolicy must be Local, FailOpen or FailClosed.")]
    [TestCase("Billing:Provider", "2", "Billing:Provider must be None, Simulated or Stripe.")]
    public void Startup_SettingGivenByNumberOrList_RefusesToStartNamingTheSettingAndItsValues(string setting, string value, string message)
    {
        using var services = Build(setting, value);

        Assert.That(() => services.GetRequiredService<IStartupValidator>().Validate(),
            Throws.InstanceOf<OptionsValidationException>().With.Message.Contains(message));
    }

    [Test]
    public void Startup_SettingsByNameInAnyCase_Start()
    {
        using var services = Build("Limits:Mode", "shadow", ("Limits:RedisFailurePolicy", " failClosed "), ("Billing:Provider", "simulated"));

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Multiple(() =>
        {
            Assert.That(services.GetRequiredService<IOptions<LimitsOptions>>().Value.Mode, Is.EqualTo(LimitsMode.Shadow));
            Assert.That(services.GetRequiredService<IOptions<LimitsOptions>>().Value.RedisFailurePolicy, Is.EqualTo(RedisFailurePolicy.FailClosed));
            Assert.That(services.GetRequiredService<IOptions<BillingOptions>>().Value.Provider, Is.EqualTo(BillingProviderKind.Simulated));
        });
    }

    private static ServiceProvider Build(string setting, string value, params (string Setting, string Value)[] more)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [setting] = value };
        foreach (var (key, text) in more)
        {
            overrides[key] = text;
        }
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(TestConfiguration.Build(overrides: overrides));
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment { EnvironmentName = "Production" });
        services.AddTollgateCore();
        return services.BuildServiceProvider();
    }
}
