using System.Diagnostics;
using System.Net;
using Tollgate.Reliability.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Observability;

/// <summary>
/// The committed alert rules in a real Prometheus (the OS package), scraping a live gateway over TCP every second:
/// the Redis outage alert fires when the gateway's Redis stops under traffic, and clears when Redis is back.
/// </summary>
[NonParallelizable]
public sealed class PrometheusAlertTests
{
    private const string OutageAlert = "TollgateRedisOutagePolicyEngaged";
    private const string Weather = "/api/v3/weather/current?city=Tromso";

    // Generous for a shared 2-core machine; on an idle one each takes a few seconds.
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task RedisOutageAlert_RedisStopsUnderTraffic_FiresAndClearsWhenRedisReturns()
    {
        if (PrometheusServer.WhyUnavailable() is { } why)
        {
            Assert.Ignore(why);
        }
        await using var upstream = new UpstreamHost();
        await using var gateway = await LiveGateway.StartAsync(upstream.Address);
        using var client = gateway.Host.CreateClient();
        var consumer = await gateway.Host.CreateConsumerAsync("business");
        using (var warm = await client.SendAsync(consumer.Get(Weather)))
        {
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the key works and is cached");
        }
        await using var prometheus = await PrometheusServer.StartAsync(ObservabilityFiles.Rules,
            new Dictionary<string, string> { ["tollgate-gateway"] = gateway.ScrapeTarget });

        using var stopTraffic = new CancellationTokenSource();
        var traffic = DriveTrafficAsync(client, consumer, stopTraffic.Token);
        var timeline = new List<string>();
        var watch = Stopwatch.StartNew();
        try
        {
            await WaitForAsync(async () => await prometheus.QueryAsync("up{job=\"tollgate-gateway\"}") == 1, "Prometheus scrapes the gateway");
            Assert.That((await prometheus.AlertsAsync()).Select(a => a.Name), Does.Not.Contain(OutageAlert), "no alert while Redis is up");
            timeline.Add($"{watch.Elapsed.TotalSeconds:F1} s: scraped, no alert; Redis killed");

            await gateway.Redis.KillAsync();
            var firing = await WaitForAlertAsync(prometheus, alerts => alerts.FirstOrDefault(a => a.Name == OutageAlert && a.State == "firing"));
            timeline.Add($"{watch.Elapsed.TotalSeconds:F1} s: {OutageAlert} firing ({string.Join(", ", firing.Labels.Select(l => $"{l.Key}={l.Value}"))}); Redis restarted");

            Assert.Multiple(() =>
            {
                Assert.That(firing.Labels["policy"], Is.EqualTo("Local"), "names the policy in force");
                Assert.That(firing.Labels["severity"], Is.EqualTo("critical"));
                Assert.That(firing.Labels["job"], Is.EqualTo("tollgate-gateway"));
            });

            await gateway.Redis.StartAsync();
            await WaitForAsync(async () => (await prometheus.AlertsAsync()).All(a => a.Name != OutageAlert), $"{OutageAlert} clears");
            timeline.Add($"{watch.Elapsed.TotalSeconds:F1} s: cleared");
        }
        finally
        {
            await stopTraffic.CancelAsync();
            await traffic;
            await TestContext.Out.WriteLineAsync(string.Join(Environment.NewLine, timeline));
        }

        using var after = await client.SendAsync(consumer.Get(Weather));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the gateway serves through Redis again");
    }

    // About 10 requests a second, well inside the business tier's limits, until cancelled.
    private static async Task DriveTrafficAsync(HttpClient client, TestConsumer consumer, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await client.SendAsync(consumer.Get(Weather), cancellationToken);
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task<(string Name, string State, IReadOnlyDictionary<string, string> Labels)> WaitForAlertAsync(
        PrometheusServer prometheus,
        Func<IReadOnlyList<(string Name, string State, IReadOnlyDictionary<string, string> Labels)>, (string Name, string State, IReadOnlyDictionary<string, string> Labels)> find)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var alerts = await prometheus.AlertsAsync();
            var alert = find(alerts);
            if (alert.Name is not null)
            {
                return alert;
            }
            if (watch.Elapsed > StepTimeout)
            {
                Assert.Fail($"{OutageAlert} did not fire within {StepTimeout.TotalSeconds:F0} s; active: {string.Join(", ", alerts.Select(a => $"{a.Name}/{a.State}"))}");
            }
            await Task.Delay(250);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > StepTimeout)
            {
                Assert.Fail($"Not within {StepTimeout.TotalSeconds:F0} s: {what}.");
            }
            await Task.Delay(250);
        }
    }
}
