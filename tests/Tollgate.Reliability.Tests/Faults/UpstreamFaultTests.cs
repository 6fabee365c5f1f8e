using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Reliability.Tests.Infrastructure;

namespace Tollgate.Reliability.Tests.Faults;

/// <summary>
/// The weather upstream down, too slow, or one of two destinations dead: the caller gets a clean problem answer
/// at once, passive health checks stop sending traffic to a dead destination, and (by design, see
/// deploy/ops/README.md) a call that failed upstream still counts against the caller's limits.
/// </summary>
[NonParallelizable]
public sealed class UpstreamFaultTests
{
    private const string Weather = "/api/v3/weather/current?city=Riga";

    [Test]
    public async Task Request_UpstreamRefusesConnections_Returns502ProblemWithinASecond()
    {
        await using var gateway = new GatewayHost(FreePort.DeadAddress());
        using var client = gateway.CreateClient();
        var consumer = await gateway.CreateConsumerAsync("pro");

        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(consumer.Get(Weather));
        watch.Stop();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(problem.Status, Is.EqualTo(502));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "no waiting on a refused connection");
        });
    }

    [Test]
    public async Task Request_UpstreamSlowerThanTheClustersActivityTimeout_Returns504ProblemAfterTheTimeout()
    {
        await using var slow = await RecordingUpstream.StartAsync(delay: TimeSpan.FromSeconds(5));
        await using var gateway = new GatewayHost(slow.Address, new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:weather:HttpRequest:ActivityTimeout"] = "00:00:01",
            // Its probes would wait on the slow upstream too; this test is about the request.
            ["ReverseProxy:Clusters:weather:HealthCheck:Active:Enabled"] = "false",
        });
        using var client = gateway.CreateClient();
        var consumer = await gateway.CreateConsumerAsync("pro");

        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(consumer.Get(Weather));
        watch.Stop();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.GatewayTimeout));
        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(problem.Status, Is.EqualTo(504));
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)), "the upstream had its timeout");
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3.5)), "but not the 5 s it would have taken");
            Assert.That(slow.Requests.Count(r => r.Path == "/api/v3/weather/current"), Is.EqualTo(1), "the request did reach the upstream");
        });
    }

    [Test]
    public async Task Requests_OneOfTwoDestinationsDead_PassiveHealthChecksSendTheRestOnlyToTheLiveOne()
    {
        await using var live = await RecordingUpstream.StartAsync();
        // Only passive checks (active ones would find the dead destination by themselves); round-robin so the
        // dead one gets its share until the checks take it out.
        await using var gateway = new GatewayHost(live.Address, new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:weather:Destinations:secondary:Address"] = FreePort.DeadAddress().ToString(),
            ["ReverseProxy:Clusters:weather:LoadBalancingPolicy"] = "RoundRobin",
            ["ReverseProxy:Clusters:weather:HealthCheck:Active:Enabled"] = "false",
        });
        using var client = gateway.CreateClient();
        var consumer = await gateway.CreateConsumerAsync("pro");

        var first = await StatusesAsync(client, consumer, 40);
        var then = await StatusesAsync(client, consumer, 40);

        await TestContext.Out.WriteLineAsync(
            $"first 40: {first.Count(s => s == HttpStatusCode.BadGateway)}×502; next 40: {then.Count(s => s == HttpStatusCode.BadGateway)}×502.");
        Assert.Multiple(() =>
        {
            Assert.That(first, Has.Some.EqualTo(HttpStatusCode.BadGateway), "the dead destination got requests at first");
            Assert.That(first.Count(s => s == HttpStatusCode.BadGateway), Is.LessThanOrEqualTo(20), "and was taken out after some failures");
            Assert.That(then, Is.All.EqualTo(HttpStatusCode.OK), "afterwards every request goes to the live destination");
            Assert.That(live.Requests, Has.Count.EqualTo(first.Count(s => s == HttpStatusCode.OK) + 40));
        });
    }

    /// <summary>
    /// The limiter runs before forwarding, so a request that fails upstream (502/504) has already been counted. This is
    /// the chosen behaviour (as in Kong and AWS API Gateway usage plans): limits protect the upstream too, and a failed
    /// or timed-out call still cost it work. Documented in deploy/ops/README.md.
    /// </summary>
    [Test]
    public async Task UpstreamCall_Fails_StillCountsAgainstTheCallersLimits()
    {
        await using var gateway = new GatewayHost(FreePort.DeadAddress(), new Dictionary<string, string?>
        {
            ["Tiers:free:RequestsPerHour"] = "3",
        });
        using var client = gateway.CreateClient();
        var consumer = await gateway.CreateConsumerAsync("free");

        var failed = new List<(HttpStatusCode Status, string? Remaining)>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SendAsync(consumer.Get(Weather));
            failed.Add((response.StatusCode, response.Headers.TryGetValues("X-RateLimit-Remaining", out var remaining) ? remaining.Single() : null));
        }
        using var myTier = await client.SendAsync(consumer.Get("/api/v3/subscription/my-tier"));
        var hourly = (await myTier.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usage").GetProperty("hourly");
        using var fourth = await client.SendAsync(consumer.Get(Weather));

        Assert.Multiple(async () =>
        {
            Assert.That(failed.Select(f => f.Status), Is.All.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(failed.Select(f => f.Remaining), Is.EqualTo((string[])["2", "1", "0"]), "each 502 says it was counted");
            Assert.That(hourly.GetProperty("used").GetInt64(), Is.EqualTo(3), "the three failed calls are counted");
            Assert.That(fourth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "and used up the hour");
            Assert.That((await Problem.ReadAsync(fourth)).Type, Is.EqualTo("urn:tollgate:problem:rate-limited"));
        });
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(HttpClient client, TestConsumer consumer, int count)
    {
        var statuses = new List<HttpStatusCode>(count);
        for (var i = 0; i < count; i++)
        {
            using var response = await client.SendAsync(consumer.Get(Weather));
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}
