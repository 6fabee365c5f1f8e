using Tollgate.Gateway.FunctionalTests.Infrastructure;

using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Routing;

public sealed class StartupValidationTests
{
    [Test]
    public async Task RouteNeedingAFeatureNoTierHas_StopsStartUpNamingTheRoute()
    {
        await using var upstream = new UpstreamHost();
        await using var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:weather-current:Metadata:Feature"] = "teleportation",
        });
        var error = Assert.Catch(() => gateway.CreateClient());
        Assert.That(Flatten(error), Does.Contain("weather-current").And.Contain("teleportation"));
    }

    [Test]
    public async Task RouteWithACostOfZero_StopsStartUpNamingTheRoute()
    {
        await using var upstream = new UpstreamHost();
        await using var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:weather-current:Metadata:Cost"] = "0",
        });
        var error = Assert.Catch(() => gateway.CreateClient());
        Assert.That(Flatten(error), Does.Contain("weather-current").And.Contain("Cost"));
    }

    [Test]
    public async Task InvalidTierCatalogue_StopsStartUpNamingTheEntry()
    {
        await using var upstream = new UpstreamHost();
        await using var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>
        {
            ["Tiers:pro:RequestsPerDay"] = "100",
        });
        var error = Assert.Catch(() => gateway.CreateClient());
        Assert.That(Flatten(error), Does.Contain("Tiers:pro"));
    }

    [Test]
    public async Task MissingHashSecretOutsideDevelopment_StopsStartUp()
    {
        await using var upstream = new UpstreamHost();
        await using var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>
        {
            ["Keys:HashSecret"] = "",
        });
        var error = Assert.Catch(() => gateway.CreateClient());
        Assert.That(Flatten(error), Does.Contain("Keys:HashSecret"));
    }

    private static string Flatten(Exception? error)
    {
        var text = "";
        for (var e = error; e is not null; e = e.InnerException)
        {
            text += e.Message + "\n";
            if (e is AggregateException aggregate)
            {
                text += string.Join("\n", aggregate.InnerExceptions.Select(i => i.Message));
            }
        }
        return text;
    }
}
