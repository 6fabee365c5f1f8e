using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting.Leases;

/// <summary>
/// A permit lease's take that fails while requests of the account wait for it (<c>Limits:Leases:Enabled</c>): Redis hangs
/// (SIGSTOP) with the take in flight. The guard's timeout runs on the services' fake clock, so "one timeout" is one step of
/// that clock: a request that made a call of its own after the take failed would wait for a second step, which never comes.
/// </summary>
public sealed class FailedLeaseTakeTests : RedisTestBase
{
    // Far above any real-time wait of the test: only the fake clock's step ends the take, never the client's own timeout.
    private const int TimeoutMs = 30_000;

    private const int Waiters = 5;

    // How long the answers may take in real time once the fake clock has stepped past the timeout.
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);

    [TestCase("Local")]
    [TestCase("FailClosed")]
    public async Task AcquireAsync_RedisHangsDuringATake_TheTakerAndItsWaitersGetThePolicysAnswerAfterOneTimeout_TheBreakerOneFailure(string policy)
    {
        if (Redis.Mode != TestRedisMode.LocalProcess)
        {
            Assert.Ignore($"Needs a Redis this run can freeze; this run uses {Redis.Description}.");
        }
        await using var services = CoreServices.Build(Redis, Time,
        [
            new("Limits:Leases:Enabled", "true"),
            new("Limits:RedisFailurePolicy", policy),
            new("Redis:TimeoutMs", TimeoutMs.ToString(CultureInfo.InvariantCulture)),
            // A failure per waiter would open it.
            new("Redis:FailuresToOpen", "2"),
        ]);
        var limiter = services.GetRequiredService<IRateLimiter>();
        var guard = services.GetRequiredService<RedisGuard>();
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        // Requests at one instant: the account's rate is high, so once its lease runs out the next request takes another.
        for (var i = 0; i < 20; i++)
        {
            Assert.That((await limiter.AcquireAsync(account, limits)).Admitted, Is.True);
        }

        await Redis.FreezeAsync();
        var pending = new List<Task<LimitDecision>>();
        var outcomes = new List<string>();
        bool breakerOpen;
        try
        {
            // Served from the lease at once until it runs out; the first request it cannot serve takes the next lease
            // (and hangs), and the ones after it wait for that take.
            for (var attempt = 0; pending.Count <= Waiters && attempt < 1_000; attempt++)
            {
                var request = limiter.AcquireAsync(account, limits);
                if (!request.IsCompleted)
                {
                    pending.Add(request);
                }
            }
            Assume.That(pending, Has.Count.EqualTo(Waiters + 1), "the lease ran out and a take went out");

            Time.AdvanceServicesOnly(TimeSpan.FromMilliseconds(TimeoutMs));

            foreach (var request in pending)
            {
                outcomes.Add(await OutcomeAsync(request));
            }
            breakerOpen = guard.IsOpen;
        }
        finally
        {
            await Redis.ThawAsync();
        }

        var expected = policy == "Local" ? "admitted by Local" : nameof(StoreUnavailableException);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.EqualTo(Enumerable.Repeat(expected, Waiters + 1)),
                "the taker and every waiter get the outage policy's answer after the one timeout");
            Assert.That(breakerOpen, Is.False, "the failed take is one failure for the breaker, not one per waiter");
        });
    }

    /// <summary>What a request was told, once answered (at most <see cref="AnswerWithin"/> in real time).</summary>
    private static async Task<string> OutcomeAsync(Task<LimitDecision> request)
    {
        try
        {
            var decision = await request.WaitAsync(AnswerWithin);
            return decision.Admitted ? $"admitted by {decision.Source}" : $"refused by {decision.Source}";
        }
        catch (TimeoutException)
        {
            return "no answer after one timeout";
        }
        catch (StoreUnavailableException)
        {
            return nameof(StoreUnavailableException);
        }
    }
}
