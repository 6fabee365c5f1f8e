using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>
/// What a request costs Redis: the operations the gateway's own connection sent, and on the server side
/// <c>INFO commandstats</c> (which also counts the commands a script runs inside itself).
/// </summary>
public sealed class RedisCostTests : GatewayTestBase
{
    private IConnectionMultiplexer GatewayRedis => Gateway.Services.GetRequiredService<IConnectionMultiplexer>();

    [Test]
    public async Task AdmittedRequestsWithCachedKey_CostAtMostOneRedisCallEach_FewerOnceLeased()
    {
        var consumer = await CachedProConsumerAsync();

        const int requests = 20;
        var sentBefore = SentByGateway();
        var before = await CommandCallsAsync();
        for (var i = 0; i < requests; i++)
        {
            using var response = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Quito"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var sent = SentByGateway() - sentBefore;
        var after = await CommandCallsAsync();

        await TestContext.Out.WriteLineAsync($"Gateway sent {sent} Redis operations for {requests} admitted requests.");
        Assert.Multiple(() =>
        {
            // Permit leases (on by default) serve an account's next requests from permits counted in one call.
            Assert.That(sent, Is.InRange(1, requests / 2), "a lease serves several requests of a steady account");
            // The script runs HMGETs of its own, so the server's hmget count says nothing about lookups; this does.
            Assert.That(sent, Is.EqualTo(after["evalsha"] - before.GetValueOrDefault("evalsha")), "everything the gateway sent was a limiter call: no key or account lookups");
        });
    }

    [Test]
    public async Task ConcurrentRequestsOfOneAccount_ShareRedisCallsAndAreEachCountedOnce()
    {
        var consumer = await CachedProConsumerAsync();

        const int requests = 64;
        var sentBefore = SentByGateway();
        var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Quito"))));
        var sent = SentByGateway() - sentBefore;
        var remaining = responses.Select(r => int.Parse(r.Headers.GetValues("X-RateLimit-Remaining").Single(), CultureInfo.InvariantCulture)).ToList();
        var statuses = responses.Select(r => r.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        await TestContext.Out.WriteLineAsync($"Gateway sent {sent} Redis operations for {requests} concurrent requests of one account.");
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(remaining, Is.EquivalentTo(Enumerable.Range(600 - 1 - requests, requests).Reverse()), "each request counted once, in its own place");
            Assert.That(sent, Is.InRange(1, requests - 1), "requests that arrive while their account's call is in flight share the next one");
        });
    }

    [Test]
    public async Task MalformedKey_CostsNoRedisCall()
    {
        await LeasesOfEarlierTestsEndedAsync();
        var sentBefore = SentByGateway();
        for (var i = 0; i < 10; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/weather/current?city=Quito");
            request.Headers.Add("X-API-Key", "tg_" + new string('x', 38));
            using var response = await Client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        Assert.That(SentByGateway() - sentBefore, Is.Zero);
    }

    [Test]
    public async Task RefusalsWhileTheAccountIsKnownExhausted_CostNoRedisCall()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        for (var i = 0; i < 61; i++)
        {
            using var response = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Quito"));
            Assert.That(response.StatusCode, Is.EqualTo(i < 60 ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests));
        }

        await LeasesOfEarlierTestsEndedAsync();
        var sentBefore = SentByGateway();
        for (var i = 0; i < 20; i++)
        {
            using var response = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Quito"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(response.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
            Assert.That(response.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("0"));
        }
        Assert.That(SentByGateway() - sentBefore, Is.Zero);
    }

    /// <summary>A pro consumer whose key and account the gateway has already cached (one request made).</summary>
    private async Task<TestConsumer> CachedProConsumerAsync()
    {
        var consumer = await Gateway.CreateConsumerAsync("pro");
        using var warm = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Quito"));
        Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK), "first request loads key and account into the cache");
        return consumer;
    }

    /// <summary>
    /// Waits out the leases earlier tests left on this shared gateway: each ends within the longest lease lifetime (1 s by
    /// default) and goes back in the background, a call on the same connection that is no request's of the test.
    /// </summary>
    private Task LeasesOfEarlierTestsEndedAsync()
    {
        var leases = Gateway.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Tollgate.Core.Limiting.Leases.LeaseOptions>>().Value;
        return Task.Delay(leases.MaxLifetime + leases.MinLifetime);
    }

    /// <summary>Operations the gateway's multiplexer has sent on its interactive connections.</summary>
    private long SentByGateway() => GatewayRedis.GetCounters().Interactive.OperationCount;

    /// <summary>Calls per command since the server started, e.g. evalsha → 1234.</summary>
    private static async Task<Dictionary<string, long>> CommandCallsAsync()
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var server in RedisSetUp.Redis.Multiplexer.GetServers())
        {
            foreach (var group in await server.InfoAsync("commandstats"))
            {
                foreach (var (name, value) in group)
                {
                    // cmdstat_evalsha: calls=12,usec=345,...
                    var command = name.Replace("cmdstat_", "", StringComparison.Ordinal);
                    var count = long.Parse(value.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture);
                    calls[command] = calls.GetValueOrDefault(command) + count;
                }
            }
        }
        return calls;
    }
}
