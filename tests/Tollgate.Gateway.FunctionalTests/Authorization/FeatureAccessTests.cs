using System.Net;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Authorization;

public sealed class FeatureAccessTests : GatewayTestBase
{
    [Test]
    public async Task FreeTierOnHourlyForecast_Returns403NamingPro()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.SendAsync(consumer.Get("/api/v3/weather/forecast/hourly?city=Rome"));
        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:feature-not-in-tier"));
            Assert.That(problem.Body.GetProperty("required_tier").GetString(), Is.EqualTo("pro"));
            Assert.That(problem.Detail, Does.Contain("Pro"));
        });
    }

    [Test]
    public async Task ProTierOnHistorical_Returns403NamingBusiness()
    {
        var consumer = await Gateway.CreateConsumerAsync("pro");
        using var response = await Client.SendAsync(consumer.Get("/api/v3/weather/historical?city=Rome&date=2025-01-31"));
        var problem = await Problem.ReadAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(problem.Body.GetProperty("required_tier").GetString(), Is.EqualTo("business"));
    }

    [TestCase("/api/v3/weather/current?city=Rome")]
    [TestCase("/api/v3/weather/forecast?city=Rome")]
    [TestCase("/api/v3/weather/forecast/hourly?city=Rome")]
    [TestCase("/api/v3/weather/historical?city=Rome&date=2025-01-31")]
    public async Task BusinessTier_ReachesEveryWeatherRoute(string path)
    {
        var consumer = await Gateway.CreateConsumerAsync("business");
        using var response = await Client.SendAsync(consumer.Get(path));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task KeyScopedToCurrent_IsRefusedTheForecast()
    {
        var consumer = await Gateway.CreateConsumerAsync("pro", new NewApiKey("current only", Scopes: ["current"]));
        using var allowed = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Rome"));
        using var refused = await Client.SendAsync(consumer.Get("/api/v3/weather/forecast?city=Rome"));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Problem.ReadAsync(refused)).Type, Is.EqualTo("urn:tollgate:problem:feature-not-in-key-scope"));
    }

    [Test]
    public async Task RefusedFeatureRequests_AreNotCounted()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        for (var i = 0; i < 5; i++)
        {
            using var refused = await Client.SendAsync(consumer.Get("/api/v3/weather/forecast/hourly?city=Rome"));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
        using var response = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Rome"));
        Assert.That(response.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("59"));
    }
}
