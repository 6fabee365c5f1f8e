using Tollgate.Deploy.Tests.Infrastructure;

namespace Tollgate.Deploy.Tests.Configuration;

/// <summary>The known-key set is built from the real files and options, so it must hold what they hold and no more.</summary>
public sealed class KnownConfigurationKeysTests
{
    [TestCase("Keys:HashSecret")]                                              // KeyOptions, no JSON default
    [TestCase("Redis:TimeoutMs")]                                              // root appsettings.json
    [TestCase("ConnectionStrings:Redis")]
    [TestCase("Tiers:free:Features:7")]                                        // any index of a JSON list
    [TestCase("ReverseProxy:Clusters:weather:Destinations:primary:Address")]   // gateway/appsettings.json
    [TestCase("URLS")]                                                         // host setting (ASPNETCORE_URLS)
    public void For_Gateway_ContainsKeyItReads(string key)
    {
        Assert.That(KnownConfigurationKeys.For(DeployedServices.Gateway).Contains(key), Is.True);
    }

    [TestCase("Admin:Tokens:0")]
    [TestCase("Keys:HashSecret:Extra")]
    [TestCase("ReverseProxy:Clusters:weather")]
    public void For_Gateway_LacksKeyItDoesNotRead(string key)
    {
        Assert.That(KnownConfigurationKeys.For(DeployedServices.Gateway).Contains(key), Is.False);
    }

    [Test]
    public void For_AdminApi_ContainsItsTokensAndTheSharedSecret()
    {
        var known = KnownConfigurationKeys.For(DeployedServices.AdminApi);

        Assert.Multiple(() =>
        {
            Assert.That(known.Contains("Admin:Tokens:1"), Is.True);
            Assert.That(known.Contains("Keys:HashSecret"), Is.True);
        });
    }

    [Test]
    public void For_WeatherUpstream_LacksTheSharedSettings()
    {
        // The sample is not a Tollgate service: it loads neither the root appsettings.json nor core's options.
        var known = KnownConfigurationKeys.For(DeployedServices.WeatherUpstream);

        Assert.Multiple(() =>
        {
            Assert.That(known.Contains("Urls"), Is.True);
            Assert.That(known.Contains("ConnectionStrings:Redis"), Is.False);
            Assert.That(known.Contains("Keys:HashSecret"), Is.False);
        });
    }

    [TestCase("Keys__HashSecret", "Keys:HashSecret")]
    [TestCase("ASPNETCORE_URLS", "URLS")]
    [TestCase("DOTNET_ENVIRONMENT", "ENVIRONMENT")]
    [TestCase("Admin__Tokens__0", "Admin:Tokens:0")]
    public void ToConfigurationKey_Variable_IsTheKeyAspNetCoreReads(string variable, string key)
    {
        Assert.That(EnvironmentVariableKey.ToConfigurationKey(variable), Is.EqualTo(key));
    }
}
