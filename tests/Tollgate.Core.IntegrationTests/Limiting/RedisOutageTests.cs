using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.Core.Limiting;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>Redis going away and coming back, as the gateway's failure policy will meet it.</summary>
public sealed class RedisOutageTests : RedisTestBase
{
    [Test]
    public async Task AcquireAsync_RedisDownThenBack_FailsWithinTimeoutThenRecovers()
    {
        if (Redis.Mode != TestRedisMode.LocalProcess)
        {
            Assert.Ignore($"Needs a Redis this run can stop; this run uses {Redis.Description}.");
        }
        await using var services = CoreServices.Build(Redis, Time, [new("Redis:TimeoutMs", "300")]);
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
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            failure = e;
        }
        finally
        {
            elapsed.Stop();
            await Redis.StartAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.Not.Null, "a limiter without Redis must fail, not admit");
            Assert.That(elapsed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "and fail about as fast as the configured timeout");
        });

        // The restarted server has an empty script cache and no data; the service's connection comes back by itself.
        var recovery = Stopwatch.StartNew();
        var recovered = await WaitForAdmissionAsync(limiter, account, limits, TimeSpan.FromSeconds(15));
        await TestContext.Out.WriteLineAsync(
            $"Redis down: {failure?.GetType().Name} after {elapsed.ElapsedMilliseconds} ms; admitted again {recovery.ElapsedMilliseconds} ms after restart.");
        Assert.That(recovered, Is.True, "the limiter recovers once Redis is back");
    }

    private static async Task<bool> WaitForAdmissionAsync(IRateLimiter limiter, string account, TierLimits limits, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < patience)
        {
            try
            {
                if ((await limiter.AcquireAsync(account, limits)).Admitted)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Still reconnecting.
            }
            await Task.Delay(100);
        }
        return false;
    }
}
