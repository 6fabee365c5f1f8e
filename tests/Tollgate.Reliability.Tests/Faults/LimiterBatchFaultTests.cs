using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Core.Tiers;
using Tollgate.Reliability.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Faults;

/// <summary>
/// The requests of one account that arrive while its limiter call is in flight go out together in the next call.
/// A fault of that one call is one failure for the circuit breaker, not one per waiting request (else one busy
/// account's burst during a hiccup shuts every account out). (That a request that joined a call late keeps its own
/// deadline is shown in Core.IntegrationTests' LimiterBatchDeadlineTests.) Each test has a Redis of its own.
/// </summary>
[NonParallelizable]
public sealed class LimiterBatchFaultTests
{
    private const string Weather = "/api/v3/weather/current?city=Lyon";

    private UpstreamHost _upstream = null!;

    [OneTimeSetUp]
    public void StartUpstream() => _upstream = new UpstreamHost();

    [OneTimeTearDown]
    public async Task StopUpstreamAsync() => await _upstream.DisposeAsync();

    [Test]
    public async Task ThirtyRequestsOfOneAccountTimeOutTogether_BreakerStaysClosed_AnotherAccountIsServedOnceRedisAnswers()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(deployConfig: false);
        await using var gateway = Gateway(redis, timeoutMs: 250);
        using var client = gateway.CreateClient();
        var busy = await gateway.CreateConsumerAsync("pro");
        var other = await gateway.CreateConsumerAsync("pro");
        foreach (var consumer in new[] { busy, other })
        {
            using var warm = await client.SendAsync(consumer.Get(Weather));
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var limiter = gateway.Services.GetRequiredService<IRateLimiter>();
        var limits = ProLimits(gateway);

        await redis.FreezeAsync();
        List<Task<LimitDecision>> burst;
        try
        {
            // Started together: the first goes out alone, the other 29 wait for it and then share one call.
            burst = [.. Enumerable.Range(0, 30).Select(i => limiter.AcquireAsync(busy.Account.Id, busy.Key.KeyId, 1, limits, CancellationToken.None))];
            var refused = 0;
            foreach (var request in burst)
            {
                try
                {
                    await request;
                }
                catch (StoreUnavailableException)
                {
                    refused++;
                }
            }
            Assert.That(refused, Is.EqualTo(30), "fail-closed refuses every request while Redis hangs");
        }
        finally
        {
            await redis.ThawAsync();
        }

        // Two calls timed out, fewer than Redis:FailuresToOpen (3): the breaker is closed and Redis answers again.
        using var served = await client.SendAsync(other.Get(Weather));
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another account is served from Redis at once: " + await served.Content.ReadAsStringAsync());
    }

    private GatewayHost Gateway(RedisServerProcess redis, int timeoutMs) => new(_upstream.Address, new Dictionary<string, string?>
    {
        ["Redis:TimeoutMs"] = timeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Redis:FailuresToOpen"] = "3",
        ["Redis:BreakSeconds"] = "10",
        ["Limits:RedisFailurePolicy"] = "FailClosed",
        // Keys stay cached throughout: only the limiter's calls meet the fault.
        ["Gateway:KeyCache:LifetimeSeconds"] = "60",
    }, redisConnectionString: redis.ConnectionString);

    private static TierLimits ProLimits(GatewayHost gateway)
    {
        Assert.That(gateway.Services.GetRequiredService<TierCatalog>().TryGet("pro", out var pro), Is.True);
        return pro!.Limits;
    }
}
