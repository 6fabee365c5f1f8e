using System.Diagnostics;
using System.Net;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Resilience;

/// <summary>The gateway while its Redis is stopped and started again, under each failure policy.</summary>
[NonParallelizable]
public sealed class RedisOutageTests
{
    private const string Weather = "/api/v3/weather/current?city=Porto";
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    private UpstreamHost _upstream = null!;

    [OneTimeSetUp]
    public void StartUpstream()
    {
        if (RedisSetUp.Redis.Mode != TestRedisMode.LocalProcess)
        {
            Assert.Ignore($"Needs a Redis this run can stop; this run uses {RedisSetUp.Redis.Description}.");
        }
        _upstream = new UpstreamHost();
    }

    [OneTimeTearDown]
    public async Task StopUpstreamAsync()
    {
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }
    }

    [Test]
    public async Task FailClosed_KnownKeyGets503WithinTheTimeout_AndServiceReturnsWithRedis()
    {
        await using var gateway = Gateway("FailClosed");
        using var client = gateway.CreateClient();
        var consumer = await gateway.CreateConsumerAsync("free");
        Assert.That((await client.SendAsync(consumer.Get(Weather))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await RedisSetUp.Redis.StopAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var (response, elapsed) = await TimedAsync(client, consumer.Get(Weather));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:limiter-unavailable"));
                Assert.That(elapsed, Is.LessThan(Timeout + TimeSpan.FromMilliseconds(200)), $"request {i} waited {elapsed.TotalMilliseconds} ms");
            }
        }
        finally
        {
            await RedisSetUp.Redis.StartAsync();
        }

        Assert.That(await SecondsUntilServedAsync(gateway, client), Is.LessThan(5));
    }

    [Test]
    public async Task LocalPolicy_KnownKeyKeepsWorkingAndUnknownKeyGets503()
    {
        await using var gateway = Gateway("Local");
        using var client = gateway.CreateClient();
        var known = await gateway.CreateConsumerAsync("free");
        var notYetSeen = await gateway.CreateConsumerAsync("free");
        Assert.That((await client.SendAsync(known.Get(Weather))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await RedisSetUp.Redis.StopAsync();
        try
        {
            // Past the cache lifetime: the stale record must still serve while Redis is down.
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            var (response, elapsed) = await TimedAsync(client, known.Get(Weather));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.Contains("X-RateLimit-Remaining"), Is.True, "the local limiter still reports its windows");
            Assert.That(elapsed, Is.LessThan(Timeout + TimeSpan.FromMilliseconds(200)));

            using var unknown = await client.SendAsync(notYetSeen.Get(Weather));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "a key the gateway cannot check is not called unknown");
        }
        finally
        {
            await RedisSetUp.Redis.StartAsync();
        }
        Assert.That(await SecondsUntilServedAsync(gateway, client), Is.LessThan(5));
    }

    [Test]
    public async Task FailOpen_AdmitsWithoutRateLimitHeaders()
    {
        await using var gateway = Gateway("FailOpen");
        using var client = gateway.CreateClient();
        var consumer = await gateway.CreateConsumerAsync("free");
        Assert.That((await client.SendAsync(consumer.Get(Weather))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await RedisSetUp.Redis.StopAsync();
        try
        {
            using var response = await client.SendAsync(consumer.Get(Weather));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.Contains("X-RateLimit-Remaining"), Is.False);
        }
        finally
        {
            await RedisSetUp.Redis.StartAsync();
        }
    }

    [Test]
    public async Task OwnEndpoint_RedisDown_Answers503StoreUnavailable_AsEveryServiceDoes_WhileTheProxyTakesThePolicy()
    {
        await using var gateway = Gateway("FailClosed");
        using var client = gateway.CreateClient();
        var consumer = await gateway.CreateConsumerAsync("free");
        Assert.That((await client.SendAsync(consumer.Get(Weather))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await RedisSetUp.Redis.StopAsync();
        try
        {
            // The key is still in the cache's stale allowance: the request gets past authentication to its Redis read.
            using var history = await client.SendAsync(consumer.Get("/api/v3/subscription/usage-history?days=7"));
            Assert.Multiple(async () =>
            {
                Assert.That(history.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That((await Problem.ReadAsync(history)).Type, Is.EqualTo("urn:tollgate:problem:store-unavailable"), "not the proxy's outage answer");
                Assert.That(history.Headers.RetryAfter, Is.Not.Null);
            });
            using var proxied = await client.SendAsync(consumer.Get(Weather));
            Assert.That((await Problem.ReadAsync(proxied)).Type, Is.EqualTo("urn:tollgate:problem:limiter-unavailable"), "the proxy path takes the policy");
        }
        finally
        {
            await RedisSetUp.Redis.StartAsync();
        }
    }

    private GatewayHost Gateway(string policy) => new(_upstream.Address, new Dictionary<string, string?>
    {
        ["Redis:TimeoutMs"] = "250",
        ["Limits:RedisFailurePolicy"] = policy,
        ["Gateway:KeyCache:LifetimeSeconds"] = "1",
    });

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimedAsync(HttpClient client, HttpRequestMessage request)
    {
        var watch = Stopwatch.StartNew();
        var response = await client.SendAsync(request);
        return (response, watch.Elapsed);
    }

    /// <summary>
    /// Seconds from Redis's restart until a key issued on the restarted (empty: the test Redis keeps no
    /// data) server is served by the gateway, which needs a working key lookup and limiter.
    /// </summary>
    private static async Task<double> SecondsUntilServedAsync(GatewayHost gateway, HttpClient client)
    {
        var watch = Stopwatch.StartNew();
        TestConsumer? consumer = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                consumer ??= await gateway.CreateConsumerAsync("free");
            }
            catch (StackExchange.Redis.RedisException)
            {
                await Task.Delay(100);
                continue;
            }
            using var response = await client.SendAsync(consumer.Get(Weather));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                await TestContext.Out.WriteLineAsync($"Recovered {watch.Elapsed.TotalMilliseconds:F0} ms after Redis restarted.");
                return watch.Elapsed.TotalSeconds;
            }
            await Task.Delay(100);
        }
        return double.PositiveInfinity;
    }
}
