using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Subscription;

public sealed class MyTierEndpointTests : GatewayTestBase
{
    [Test]
    public async Task MyTier_ShowsTierAndUsageInTheSeedShapeWithoutCountingItself()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        for (var i = 0; i < 3; i++)
        {
            using var weather = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Kyiv"));
            Assert.That(weather.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (await Client.SendAsync(consumer.Get("/api/v3/subscription/my-tier")))
        {
        }
        using var response = await Client.SendAsync(consumer.Get("/api/v3/subscription/my-tier"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var tier = body.GetProperty("current_tier");
        var hourly = body.GetProperty("usage").GetProperty("hourly");
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(tier.GetProperty("name").GetString(), Is.EqualTo("free"));
            Assert.That(tier.GetProperty("display_name").GetString(), Is.EqualTo("Free"));
            Assert.That(tier.GetProperty("price_monthly").GetDecimal(), Is.Zero);
            Assert.That(hourly.GetProperty("used").GetInt64(), Is.EqualTo(3), "my-tier calls are not counted");
            Assert.That(hourly.GetProperty("limit").GetInt64(), Is.EqualTo(60));
            Assert.That(hourly.GetProperty("remaining").GetInt64(), Is.EqualTo(57));
            Assert.That(hourly.GetProperty("percentage").GetDouble(), Is.EqualTo(5.0));
            Assert.That(body.GetProperty("usage").GetProperty("daily").GetProperty("limit").GetInt64(), Is.EqualTo(1_000));
            Assert.That(body.GetProperty("usage").GetProperty("monthly").GetProperty("used").GetInt64(), Is.EqualTo(3));
            Assert.That(response.Headers.Contains("X-RateLimit-Limit"), Is.False);
        });
    }

    [Test]
    public async Task MyTier_WithoutKey_Returns401()
    {
        using var response = await Client.GetAsync("/api/v3/subscription/my-tier");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:api-key-missing"));
    }
}
