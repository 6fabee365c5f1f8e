using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.Reliability.Tests.Infrastructure;

using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Faults;

/// <summary>
/// The circuit breaker in front of Redis (<c>Redis:FailuresToOpen</c>, <c>Redis:BreakSeconds</c>): while Redis is
/// down, requests must stop paying the Redis timeout, not each wait for it. The per-policy answers (503, local
/// limits, fail-open) are covered by Gateway.FunctionalTests' RedisOutageTests; this is what they leave out: a long
/// run of requests, and a Redis that hangs (SIGSTOP: the socket stays open, no answer ever comes) rather than dies.
/// Each test has a Redis of its own.
/// </summary>
[NonParallelizable]
public sealed class RedisBreakerTests
{
    private const string Weather = "/api/v3/weather/current?city=Turin";
    private const int Requests = 50;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    // Generous: other test runs and benchmarks share this 2-core machine.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(1000);

    private UpstreamHost _upstream = null!;

    [OneTimeSetUp]
    public void StartUpstream() => _upstream = new UpstreamHost();

    [OneTimeTearDown]
    public async Task StopUpstreamAsync() => await _upstream.DisposeAsync();

    [TestCase("hung")]
    [TestCase("killed")]
    public async Task FiftySequentialRequests_RedisDown_EachAnswersWithinTheTimeoutAndTogetherFarUnderFiftyTimeouts(string fault)
    {
        // As deployed (AOF): a killed Redis comes back with its data, as it would in production.
        await using var redis = await RedisServerProcess.StartNewAsync(deployConfig: true);
        await using var gateway = new GatewayHost(_upstream.Address, new Dictionary<string, string?>
        {
            ["Redis:TimeoutMs"] = "250",
            ["Redis:FailuresToOpen"] = "3",
            ["Redis:BreakSeconds"] = "1",
            ["Limits:RedisFailurePolicy"] = "FailClosed",
        }, redisConnectionString: redis.ConnectionString);
        using var client = gateway.CreateClient();
        var consumer = await gateway.CreateConsumerAsync("pro");
        using (var warm = await client.SendAsync(consumer.Get(Weather)))
        {
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the key works and is cached");
        }

        var latencies = new List<TimeSpan>();
        var statuses = new List<HttpStatusCode>();
        var total = Stopwatch.StartNew();
        await (fault == "hung" ? redis.FreezeAsync() : redis.KillAsync());
        try
        {
            for (var i = 0; i < Requests; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.SendAsync(consumer.Get(Weather));
                latencies.Add(watch.Elapsed);
                statuses.Add(response.StatusCode);
            }
            total.Stop();
        }
        finally
        {
            await (fault == "hung" ? redis.ThawAsync() : redis.StartAsync());
        }

        var paidTheTimeout = latencies.Count(l => l >= Timeout * 0.8);
        var trace = $"{fault}: {Requests} requests in {total.Elapsed.TotalMilliseconds:F0} ms, max {latencies.Max().TotalMilliseconds:F0} ms, " +
            $"{paidTheTimeout} waited for the timeout; each: " +
            string.Join(" ", latencies.Zip(statuses, (l, s) => $"{(int)s}/{l.TotalMilliseconds:F0}ms"));
        await TestContext.Out.WriteLineAsync(trace);
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.ServiceUnavailable), "fail-closed answers 503 while Redis is down; " + trace);
            Assert.That(latencies.Max(), Is.LessThanOrEqualTo(Timeout + Margin), "no request waits much longer than the Redis timeout; " + trace);
            Assert.That(total.Elapsed, Is.LessThan(Requests * Timeout * 0.5), "the breaker spares most requests the timeout; " + trace);
            Assert.That(paidTheTimeout, Is.LessThanOrEqualTo(10), "only the failures that open the breaker and its probes wait; " + trace);
        });

        Assert.That(await SecondsUntilServedAsync(client, consumer), Is.LessThan(8), "back to normal once Redis is");
    }

    /// <summary>
    /// SPEC: "Rejected requests are not counted." While Redis hangs, the calls that time out (the
    /// <c>Redis:FailuresToOpen</c> that open the breaker, and each half-open probe) are answered 503 while their
    /// EVALSHA already sits in the socket; when Redis resumes it runs them, past their deadline, and must count nothing.
    /// </summary>
    [Test]
    public async Task RequestsRefusedWhileRedisHung_RedisResumes_AreNotCounted()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(deployConfig: false);
        await using var gateway = new GatewayHost(_upstream.Address, new Dictionary<string, string?>
        {
            ["Redis:TimeoutMs"] = "250",
            ["Limits:RedisFailurePolicy"] = "FailClosed",
        }, redisConnectionString: redis.ConnectionString);
        using var client = gateway.CreateClient();
        var consumer = await gateway.CreateConsumerAsync("pro");
        using (var warm = await client.SendAsync(consumer.Get(Weather)))
        {
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var refused = 0;
        await redis.FreezeAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                using var response = await client.SendAsync(consumer.Get(Weather));
                refused += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
            }
        }
        finally
        {
            await redis.ThawAsync();
        }
        // Let Redis work through whatever was queued while it was frozen.
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var catalog = gateway.Services.GetRequiredService<TierCatalog>();
        Assert.That(catalog.TryGet("pro", out var pro), Is.True);
        var hour = (await gateway.Services.GetRequiredService<IRateLimiter>().PeekAsync(consumer.Account.Id, pro!.Limits, CancellationToken.None))
            .Windows.Single(w => w.Window.Name == "hour");
        Assert.That(refused, Is.EqualTo(5), "every request got 503 while Redis hung");
        Assert.That(hour.Used, Is.EqualTo(1), "only the one admitted request counts; the 5 refused ones must not");
    }

    private static async Task<double> SecondsUntilServedAsync(HttpClient client, TestConsumer consumer)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var response = await client.SendAsync(consumer.Get(Weather));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return watch.Elapsed.TotalSeconds;
            }
            await Task.Delay(100);
        }
        return double.PositiveInfinity;
    }
}
