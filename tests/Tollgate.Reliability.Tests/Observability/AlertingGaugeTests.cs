using System.Diagnostics;
using System.Net;
using Tollgate.Reliability.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Observability;

/// <summary>
/// The gauges the alert rules stand on, read from a live gateway's <c>/metrics</c> as Prometheus reads them: they
/// must say the state of now at every scrape, traffic or not, or an alert would fire late or never clear.
/// </summary>
[NonParallelizable]
public sealed class AlertingGaugeTests
{
    private const string BreakerOpen = "tollgate_redis_breaker_open";
    private const string Weather = "/api/v3/weather/current?city=Narvik";

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    [Test]
    public async Task RedisBreakerGauge_RedisDiesAndReturns_IsOneThenZeroWithoutFurtherTraffic()
    {
        await using var upstream = new UpstreamHost();
        await using var gateway = await LiveGateway.StartAsync(upstream.Address);
        using var client = gateway.Host.CreateClient();
        var consumer = await gateway.Host.CreateConsumerAsync("pro");
        using (var warm = await client.SendAsync(consumer.Get(Weather)))
        {
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var before = (await gateway.MetricsAsync()).Value(BreakerOpen);

        await gateway.Redis.KillAsync();
        // One request meets the dead Redis and opens the breaker; none follows.
        using (await client.SendAsync(consumer.Get(Weather)))
        {
        }
        var during = await WaitForAsync(gateway, m => m.Value(BreakerOpen) == 1);
        await gateway.Redis.StartAsync();
        var after = await WaitForAsync(gateway, m => m.Value(BreakerOpen) == 0);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Zero, "closed while Redis answers");
            Assert.That(during, Is.True, "1 while Redis is down");
            Assert.That(after, Is.True, "back to 0 once Redis is, with no request to probe it");
        });
    }

    [Test]
    public async Task UpstreamHealthGauges_DestinationFailsActiveHealthChecks_HealthyDropsToZeroOfOne()
    {
        await using var gateway = await LiveGateway.StartAsync(FreePort.DeadAddress(), new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:weather:HealthCheck:Active:Interval"] = "00:00:01",
            ["ReverseProxy:Clusters:weather:HealthCheck:Active:Timeout"] = "00:00:01",
            // A second cluster, as a platform team adds one, without active health checks.
            ["ReverseProxy:Clusters:reports:Destinations:primary:Address"] = "http://127.0.0.1:9/",
        });

        var down = await WaitForAsync(gateway, m => m.Value("tollgate_gateway_upstream_destinations_healthy", ("cluster", "weather")) == 0);
        var metrics = await gateway.MetricsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(down, Is.True, "the weather cluster's only destination is reported unhealthy");
            Assert.That(metrics.Value("tollgate_gateway_upstream_destinations", ("cluster", "weather")), Is.EqualTo(1));
            Assert.That(metrics.Value("tollgate_gateway_upstream_destinations_healthy", ("cluster", "reports")), Is.EqualTo(1),
                "a cluster without active checks stays healthy");
        });
    }

    private static async Task<bool> WaitForAsync(LiveGateway gateway, Func<MetricsExposition, bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StepTimeout)
        {
            if (condition(await gateway.MetricsAsync()))
            {
                return true;
            }
            await Task.Delay(200);
        }
        return false;
    }
}
