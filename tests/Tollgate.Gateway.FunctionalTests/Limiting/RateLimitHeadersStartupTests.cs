namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>A format name the gateway does not know stops it at start, saying where and which names there are.</summary>
public sealed class RateLimitHeadersStartupTests
{
    [Test]
    public async Task UnknownGatewaySetting_StopsStartUpNamingTheChoices()
    {
        await using var upstream = new UpstreamHost();
        await using var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimitHeaders"] = "draft12",
        });

        var error = Assert.Catch(() => gateway.CreateClient());

        Assert.That(Flatten(error), Does.Contain("Gateway:RateLimitHeaders must be 'draft11', 'draft7' or 'legacy', not 'draft12'"));
    }

    [Test]
    public async Task UnknownRouteFormat_StopsStartUpNamingTheRoute()
    {
        await using var upstream = new UpstreamHost();
        await using var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:weather-current:Metadata:RateLimitHeaders"] = "x-ratelimit",
        });

        var error = Assert.Catch(() => gateway.CreateClient());

        Assert.That(Flatten(error), Does.Contain("weather-current").And.Contain("RateLimitHeaders").And.Contain("'x-ratelimit'"));
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
