using System.Net;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Caching;

/// <summary>The weather-forecast route cached for 60 s through its metadata; weather-current left uncached.</summary>
public sealed class ResponseCacheTests : GatewayTestBase
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["ReverseProxy:Routes:weather-forecast:Metadata:CacheSeconds"] = "60",
    };

    [Test]
    public async Task SecondCaller_GetsTheCachedAnswerWithAge_AndBothAreCounted()
    {
        var city = $"Cache{Guid.NewGuid():N}";
        var first = await Gateway.CreateConsumerAsync("free");
        var second = await Gateway.CreateConsumerAsync("free");

        using var miss = await Client.SendAsync(first.Get($"/api/v3/weather/forecast?city={city}&days=3"));
        await Task.Delay(1100);
        // Same query in another order, credentials in the query: still the same cache entry.
        using var hit = await Client.GetAsync($"/api/v3/weather/forecast?days=3&api_key={second.RawKey}&city={city}");

        Assert.Multiple(async () =>
        {
            Assert.That(miss.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(miss.Headers.GetValues("X-Cache").Single(), Is.EqualTo("MISS"));
            Assert.That(hit.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(hit.Headers.GetValues("X-Cache").Single(), Is.EqualTo("HIT"));
            Assert.That(hit.Headers.Age?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
            Assert.That(hit.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(await hit.Content.ReadAsStringAsync(), Is.EqualTo(await miss.Content.ReadAsStringAsync()));
            Assert.That(hit.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("59"), "a cached answer still counts");
        });
    }

    [Test]
    public async Task DifferentQuery_IsADifferentEntry()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        var city = $"Cache{Guid.NewGuid():N}";
        using var three = await Client.SendAsync(consumer.Get($"/api/v3/weather/forecast?city={city}&days=3"));
        using var four = await Client.SendAsync(consumer.Get($"/api/v3/weather/forecast?city={city}&days=4"));
        Assert.That(four.Headers.GetValues("X-Cache").Single(), Is.EqualTo("MISS"));
    }

    [Test]
    public async Task ErrorAnswers_AreNotCached()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var bad = await Client.SendAsync(consumer.Get("/api/v3/weather/forecast?days=99"));
        using var again = await Client.SendAsync(consumer.Get("/api/v3/weather/forecast?days=99"));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(again.Headers.GetValues("X-Cache").Single(), Is.EqualTo("MISS"));
    }

    [Test]
    public async Task UncachedRoute_HasNoCacheHeader()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Oslo"));
        Assert.That(response.Headers.Contains("X-Cache"), Is.False);
    }
}
