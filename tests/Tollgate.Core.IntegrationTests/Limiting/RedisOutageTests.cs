using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>Redis going away and coming back, under each failure policy of the limiter.</summary>
public sealed class RedisOutageTests : RedisTestBase
{
    [Test]
    public async Task AcquireAsync_FailClosedAndRedisDown_FailsFastThenRecovers()
    {
        await using var services = BuildWithPolicy("FailClosed");
        var limiter = services.GetRequiredService<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        Assume.That((await limiter.AcquireAsync(account, limits)).Admitted, Is.True);

        Exception? failure = null;
        var elapsed = Stopwatch.StartNew();
        await Redis.StopAsync();
        try
        {
            await limiter.AcquireAsync(account, limits);
        }
        catch (StoreUnavailableException e)
        {
            failure = e;
        }
        finally
        {
            elapsed.Stop();
        }

        // With the breaker open, later calls do not even try.
        var open = Stopwatch.StartNew();
        Assert.ThrowsAsync<StoreUnavailableException>(() => limiter.AcquireAsync(account, limits));
        open.Stop();
        await Redis.StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.Not.Null, "a fail-closed limiter without Redis must refuse, not admit");
            Assert.That(elapsed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "and fail about as fast as the configured timeout");
            Assert.That(open.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(100)), "an open breaker answers at once");
        });

        var recovery = Stopwatch.StartNew();
        var source = await WaitForRedisAdmissionAsync(limiter, account, limits, TimeSpan.FromSeconds(15));
        await TestContext.Out.WriteLineAsync(
            $"Redis down: {failure?.GetType().Name} after {elapsed.ElapsedMilliseconds} ms; admitted by Redis again {recovery.ElapsedMilliseconds} ms after restart.");
        Assert.That(source, Is.EqualTo(LimitSource.Redis), "the limiter recovers once Redis is back");
    }

    [Test]
    public async Task AcquireAsync_LocalPolicyAndRedisDown_EnforcesTheLimitInMemory()
    {
        await using var services = BuildWithPolicy("Local");
        var limiter = services.GetRequiredService<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");

        await Redis.StopAsync();
        LimitDecision[] decisions;
        try
        {
            decisions = new LimitDecision[70];
            for (var i = 0; i < decisions.Length; i++)
            {
                decisions[i] = await limiter.AcquireAsync(account, limits);
            }
        }
        finally
        {
            await Redis.StartAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(decisions.All(d => d.Source == LimitSource.Local), Is.True);
            Assert.That(decisions.Count(d => d.Admitted), Is.EqualTo(60));
            Assert.That(decisions.Last().RetryAfter, Is.GreaterThan(TimeSpan.Zero));
        });
        Assert.That(await WaitForRedisAdmissionAsync(limiter, account, limits, TimeSpan.FromSeconds(15)), Is.EqualTo(LimitSource.Redis));
    }

    [Test]
    public async Task AcquireAsync_FailOpenAndRedisDown_AdmitsUncounted()
    {
        await using var services = BuildWithPolicy("FailOpen");
        var limiter = services.GetRequiredService<IRateLimiter>();
        await Redis.StopAsync();
        LimitDecision decision;
        try
        {
            decision = await limiter.AcquireAsync(Ids.NewAccountId(), LimitsOf("free"));
        }
        finally
        {
            await Redis.StartAsync();
        }
        Assert.That(decision.Admitted, Is.True);
        Assert.That(decision.Source, Is.EqualTo(LimitSource.None));
    }

    private ServiceProvider BuildWithPolicy(string policy)
    {
        if (Redis.Mode != TestRedisMode.LocalProcess)
        {
            Assert.Ignore($"Needs a Redis this run can stop; this run uses {Redis.Description}.");
        }
        return CoreServices.Build(Redis, Time, [new("Redis:TimeoutMs", "300"), new("Limits:RedisFailurePolicy", policy)]);
    }

    /// <summary>Calls until Redis itself admits, moving the fake clock past the breaker's pause each time.</summary>
    private async Task<LimitSource?> WaitForRedisAdmissionAsync(IRateLimiter limiter, string account, TierLimits limits, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < patience)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            try
            {
                var decision = await limiter.AcquireAsync(account, limits);
                if (decision.Source == LimitSource.Redis)
                {
                    return decision.Source;
                }
            }
            catch (StoreUnavailableException)
            {
                // Still reconnecting.
            }
            await Task.Delay(100);
        }
        return null;
    }
}
