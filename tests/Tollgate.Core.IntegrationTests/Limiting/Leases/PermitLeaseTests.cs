using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Limiting;
using Tollgate.Core.Limiting.Leases;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting.Leases;

/// <summary>
/// Permit leases (<c>Limits:Leases</c>): gateways with their own clocks on one real Redis take several permits of an
/// account in one call and serve its next requests from them. Whatever they do, no window admits more than its limit,
/// a refused request is never counted, and what a lease did not use goes back: only a killed instance strands its lease.
/// </summary>
public sealed class PermitLeaseTests : RedisTestBase
{
    // Past the longest lifetime (MaxLifetimeMs 1000) and the sweep after it.
    private static readonly TimeSpan PastLifetime = TimeSpan.FromMilliseconds(1_150);

    // A request every 140 ms: about 7 a second, an account among thousands on one gateway.
    private static readonly TimeSpan SpreadGap = TimeSpan.FromMilliseconds(140);

    private readonly List<ServiceProvider> _instances = [];

    [TearDown]
    public async Task DisposeInstancesAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        _instances.Clear();
    }

    [Test]
    public async Task AcquireAsync_SteadyTrafficOfOneAccount_ServesMostRequestsWithoutARoundTrip()
    {
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        var before = await Redis.ScriptCallsAsync();

        var decisions = new List<LimitDecision>();
        for (var i = 0; i < 100; i++)
        {
            decisions.Add(await limiter.AcquireAsync(account, limits));
        }

        var calls = await Redis.ScriptCallsAsync() - before;
        await TestContext.Out.WriteLineAsync($"{calls} script calls for 100 requests of one account.");
        Assert.Multiple(() =>
        {
            Assert.That(decisions.Admitted(), Is.EqualTo(100));
            Assert.That(calls, Is.LessThan(15), "leases serve the account's requests from permits taken several at a time");
            Assert.That(decisions.Select(d => d.Used(LimitWindow.Hour)), Is.EqualTo(Enumerable.Range(1, 100).Select(n => (long)n)),
                "each request is told its own place in the window, as if counted alone");
        });
        EndLeases();
        await AssertCountedAsync(account, limits, 100);
    }

    [Test]
    public async Task AcquireAsync_AccountAtAFewRequestsASecond_LeasesForLongerAndMakesAFractionOfTheCalls()
    {
        Time.RequireRedis();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        const int requests = 70;

        // With leases capped at 200 ms (the old fixed lifetime), an account at 7 a second sees about 1.4 requests per
        // lease: hardly any lease pays, and most requests make their own call.
        var fixedLifetime = await SpreadTrafficAsync(Instance(instanceCount: 1, maxLifetimeMs: 200), limits, requests);
        var adaptive = await SpreadTrafficAsync(Instance(instanceCount: 1), limits, requests);

        await TestContext.Out.WriteLineAsync(
            $"{requests} requests 140 ms apart: {fixedLifetime.Calls} script calls with 200 ms leases, {adaptive.Calls} with leases up to 1 s.");
        Assert.Multiple(() =>
        {
            Assert.That(fixedLifetime.Calls, Is.GreaterThan(requests / 2), "200 ms leases barely help an account at 7 a second");
            Assert.That(adaptive.Calls, Is.LessThan(requests / 4), "a lease long enough for several requests serves most of them");
        });
    }

    [Test]
    public async Task AcquireAsync_AccountGoesQuiet_ItsLeaseGoesBackWithinTheLongestLifetime()
    {
        Time.RequireRedis();
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        for (var i = 0; i < 10; i++)
        {
            Time.Advance(SpreadGap);
            Assert.That((await limiter.AcquireAsync(account, limits)).Admitted, Is.True);
        }
        var seen = Get<IRateLimiter>();
        Assert.That((await seen.PeekAsync(account, limits)).Used(LimitWindow.Hour), Is.GreaterThan(10),
            "a slow account's lease outlives the shortest lifetime, counted ahead");

        Time.Advance(PastLifetime);

        // Counted exactly again once the longest lifetime has passed, with no request of the account to end it.
        await AssertCountedAsync(account, limits, 10);
    }

    [Test]
    public async Task ReadsOfUsage_OnTheInstanceHoldingALease_ShowOnlyWhatWasUsed_AndLeasingGoesOn()
    {
        var services = Build(TimeSpan.Zero, instanceCount: 1);
        var limiter = services.GetRequiredService<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        for (var i = 0; i < 10; i++)
        {
            await limiter.AcquireAsync(account, limits);
        }
        Assert.That((await Get<IRateLimiter>().PeekAsync(account, limits)).Used(LimitWindow.Hour), Is.GreaterThan(10),
            "the instance holds a lease");

        // No time passes: the reads themselves settle the lease (its dashboard, my-tier and usage history read so).
        var windows = await limiter.PeekAsync(account, limits);
        await limiter.AcquireAsync(account, limits);
        var history = await services.GetRequiredService<UsageHistoryReader>().ReadAsync(account, days: 1, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(windows.Used(LimitWindow.Hour), Is.EqualTo(10), "the windows count the requests, not the lease");
            Assert.That(history[0].Total, Is.EqualTo(11), "today's usage counts the requests, not the lease");
        });
        for (var i = 0; i < 9; i++)
        {
            Assert.That((await limiter.AcquireAsync(account, limits)).Admitted, Is.True);
        }
        EndLeases();
        await AssertCountedAsync(account, limits, 20);
    }

    [Test]
    public async Task AcquireAsync_WeightedRequests_AreNotLeased_EachMakesItsOwnCallAndCountsItsUnits()
    {
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        var before = await Redis.ScriptCallsAsync();

        for (var i = 0; i < 20; i++)
        {
            var decision = await limiter.AcquireAsync(account, "key_default", 5, limits, CancellationToken.None);
            Assert.That(decision.Admitted, Is.True);
        }

        var calls = await Redis.ScriptCallsAsync() - before;
        Assert.That(calls, Is.EqualTo(20), "a permit is one unit: a request of cost 5 goes to the plain limiter");
        Assert.That((await limiter.PeekAsync(account, limits)).Used(LimitWindow.Hour), Is.EqualTo(100),
            "exactly the units of the requests, with no lease's permits held");
    }

    [Test]
    public async Task AcquireAsync_WeightedRequestNeedingTheLeasedPermits_GetsThemBack()
    {
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(100, 100_000, 1_000_000);
        for (var i = 0; i < 60; i++)
        {
            await limiter.AcquireAsync(account, limits);
        }
        Assert.That((await Get<IRateLimiter>().PeekAsync(account, limits)).Used(LimitWindow.Hour), Is.GreaterThan(60),
            "the instance holds a lease");

        // The 40 units left fit only once the lease's unused permits are back: the instance returns them first.
        var dear = await limiter.AcquireAsync(account, "key_default", 40, limits, CancellationToken.None);

        Assert.That(dear.Admitted, Is.True, "a request is not refused for permits its own instance holds unused");
        await AssertCountedAsync(account, limits, 100);
    }

    [Test]
    public async Task AcquireAsync_TierBillingOverage_IsNotLeased_SoNoPermitIsMeteredAheadOfUse()
    {
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 10) { Overage = OverageMode.Bill };

        for (var i = 0; i < 30; i++)
        {
            Assert.That((await limiter.AcquireAsync(account, limits)).Admitted, Is.True);
        }

        var pending = await Db.HashGetAsync(RedisKeys.AccountOverage(account), "pending");
        var hour = (await limiter.PeekAsync(account, limits)).Used(LimitWindow.Hour);
        Assert.Multiple(() =>
        {
            Assert.That((long)pending, Is.EqualTo(20), "the 20 requests past the month's 10, metered one call each");
            Assert.That(hour, Is.EqualTo(30), "no lease's permits held");
        });
    }

    [Test]
    public async Task AcquireAsync_LeaseEnds_UnusedPermitsGoBackToTheBucketTheyWereCountedIn()
    {
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        for (var i = 0; i < 10; i++)
        {
            await limiter.AcquireAsync(account, limits);
        }
        var held = (await Get<IRateLimiter>().PeekAsync(account, limits)).Used(LimitWindow.Hour);
        Assert.That(held, Is.GreaterThan(10), "a lease is counted in Redis before its permits are used");

        EndLeases();

        await AssertCountedAsync(account, limits, 10);
        var counts = await Db.HashGetAsync(RedisKeys.WindowCounts(account, LimitWindow.Hour), Start.ToUnixTimeMilliseconds());
        Assert.That((long)counts, Is.EqualTo(10), "the permits went back into the bucket they were counted in");
    }

    [Test]
    public async Task StopAsync_HostStopping_ReturnsEveryLeaseBeforeItEnds()
    {
        var services = Build(TimeSpan.Zero, instanceCount: 1);
        var limiter = services.GetRequiredService<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        for (var i = 0; i < 12; i++)
        {
            await limiter.AcquireAsync(account, limits);
        }
        Assert.That((await Get<IRateLimiter>().PeekAsync(account, limits)).Used(LimitWindow.Hour), Is.GreaterThan(12),
            "another instance sees the lease counted");

        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        // No time has passed: only the shutdown returned them.
        Assert.That((await Get<IRateLimiter>().PeekAsync(account, limits)).Used(LimitWindow.Hour), Is.EqualTo(12));
    }

    [Test]
    public async Task AcquireAsync_InstanceKilledHoldingALease_UnderAdmitsByItsLeaseUntilTheBucketLeavesTheWindow()
    {
        var doomed = Build(TimeSpan.FromSeconds(-4), instanceCount: 2);
        var survivor = Instance(instanceCount: 2, offset: TimeSpan.FromSeconds(9));
        var account = Ids.NewAccountId();
        var limits = new TierLimits(400, 100_000, 1_000_000);
        var killed = doomed.GetRequiredService<IRateLimiter>();
        for (var i = 0; i < 20; i++)
        {
            Assert.That((await killed.AcquireAsync(account, limits)).Admitted, Is.True);
        }

        // Killed: its services go without the host stopping, so nothing is returned. What it strands is read after the
        // kill: a busy account's lease may have a top-up in flight, whose permits (counted once it lands) are stranded too.
        _instances.Remove(doomed);
        await doomed.DisposeAsync();
        var stranded = (await survivor.PeekAsync(account, limits)).Used(LimitWindow.Hour) - 20;
        Assert.That(stranded, Is.GreaterThan(0), "the instance held unused permits when it died");
        var admitted = await DrainAsync([survivor], account, limits);

        Assert.That(admitted, Is.EqualTo(400 - 20 - stranded), "the dead lease is under-admitted, never over-admitted");
        Assert.That((await survivor.PeekAsync(account, limits)).Used(LimitWindow.Hour), Is.EqualTo(400));

        // Once the bucket holding the dead lease has left the hour, the whole limit is there again.
        Time.Advance(TimeSpan.FromMinutes(61));
        EndLeases();
        Assert.That(await DrainAsync([survivor], account, limits), Is.EqualTo(400));
    }

    [Test]
    public async Task AcquireAsync_ThreeInstancesWithOwnClocks_AdmitExactlyTheLimitAndCountNoRefusal()
    {
        var limiters = new[]
        {
            Instance(instanceCount: 3, offset: TimeSpan.FromSeconds(-7)),
            Instance(instanceCount: 3),
            Instance(instanceCount: 3, offset: TimeSpan.FromSeconds(5)),
        };
        var account = Ids.NewAccountId();
        var limits = new TierLimits(500, 100_000, 1_000_000);
        var random = new Random(15);
        var admitted = 0;
        var refused = 0;

        for (var wave = 0; wave < 60; wave++)
        {
            var targets = Enumerable.Range(0, random.Next(1, 40)).Select(_ => limiters[random.Next(3)]).ToList();
            var decisions = await Task.WhenAll(targets.Select((limiter, i) =>
                Task.Run(() => limiter.AcquireAsync(account, limits, $"key_{i % 2}"))));
            admitted += decisions.Admitted();
            refused += decisions.Length - decisions.Admitted();
            Assert.That(admitted, Is.LessThanOrEqualTo(500), $"wave {wave}: never more than the limit");
            if (random.Next(4) == 0)
            {
                Time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 400)));
            }
        }
        EndLeases();
        await AssertCountedAsync(account, limits, admitted);
        admitted += await DrainAsync(limiters, account, limits);

        Assert.That(refused, Is.GreaterThan(0), "the traffic must push against the limit");
        Assert.That(admitted, Is.EqualTo(500), "once the leases are back, every permit is admitted: none lost, none extra");
        await AssertCountedAsync(account, limits, 500);
    }

    [Test]
    public async Task AcquireAsync_RandomTrafficOnThreeInstances_NeverAdmitsMoreThanTheLimitInAnyHour()
    {
        // As LimiterExactnessTests' property check, with leases and three instances: bursts spread over the instances,
        // time moving irregularly (leases expire, buckets turn over, windows slide).
        var limiters = new[]
        {
            Instance(instanceCount: 3, offset: TimeSpan.FromSeconds(3)),
            Instance(instanceCount: 3),
            Instance(instanceCount: 3, offset: TimeSpan.FromSeconds(-2)),
        };
        var account = Ids.NewAccountId();
        var limits = new TierLimits(100, 100_000, 1_000_000);
        var random = new Random(2026);
        var refused = 0;
        var admitted = new List<long>();
        var overAdmitted = new List<string>();
        var hour = (long)LimitWindow.Hour.Length.TotalMilliseconds;

        for (var step = 0; step < 1_200; step++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 12_000)));
            var now = Time.GetUtcNow().ToUnixTimeMilliseconds();
            var targets = Enumerable.Range(0, random.Next(1, 12)).Select(_ => limiters[random.Next(3)]).ToList();
            var decisions = await Task.WhenAll(targets.Select(limiter => Task.Run(() => limiter.AcquireAsync(account, limits))));
            foreach (var decision in decisions.Where(d => d.Admitted))
            {
                admitted.Add(now);
            }
            refused += decisions.Length - decisions.Admitted();
            var inHour = admitted.Count(t => t > now - hour);
            if (inHour > 100)
            {
                overAdmitted.Add($"{now}: {inHour}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(overAdmitted, Is.Empty);
            Assert.That(refused, Is.GreaterThan(1_000), "the traffic must actually push against the limit");
            Assert.That(admitted, Has.Count.GreaterThan(180), "and be admitted up to it, hour after hour");
        });
    }

    [Test]
    public async Task AcquireAsync_NearTheLimit_EveryRequestMakesItsOwnCall()
    {
        // Headroom 4 and three instances: a lease is at most room / 12, so below 24 left nobody leases.
        var limiter = Instance(instanceCount: 3);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(100, 100_000, 1_000_000);
        for (var i = 0; i < 100 - 23; i++)
        {
            await limiter.AcquireAsync(account, limits);
        }
        EndLeases();
        await AssertCountedAsync(account, limits, 77);

        var before = await Redis.ScriptCallsAsync();
        var last = new List<LimitDecision>();
        for (var i = 0; i < 25; i++)
        {
            last.Add(await limiter.AcquireAsync(account, limits));
        }
        var calls = await Redis.ScriptCallsAsync() - before;

        Assert.Multiple(() =>
        {
            Assert.That(last.Admitted(), Is.EqualTo(23));
            Assert.That(calls, Is.InRange(23, 25), "near the limit no permit is leased: each admitted request is its own call");
        });
        await AssertCountedAsync(account, limits, 100);
    }

    [Test]
    public async Task AcquireAsync_LeaseUsedByOtherKeysOfTheAccount_MovesUsageToTheKeysThatUsedIt()
    {
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        for (var i = 0; i < 30; i++)
        {
            await limiter.AcquireAsync(account, limits, $"key_{i % 3}");
        }

        EndLeases();

        await AssertCountedAsync(account, limits, 30);
        var usage = await UsageAsync(account);
        Assert.That(usage, Is.EquivalentTo(new Dictionary<string, long> { ["key_0"] = 10, ["key_1"] = 10, ["key_2"] = 10 }));
    }

    [Test]
    public async Task AcquireAsync_BusyAccount_LeaseIsToppedUpAheadOfNeed_SoNoRequestWaitsForATake()
    {
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(100_000, 1_000_000, 10_000_000);
        // Enough requests at once for the account to count as busy, and for its first lease.
        for (var i = 0; i < 100; i++)
        {
            await limiter.AcquireAsync(account, limits);
        }

        var waited = 0;
        var decisions = new List<LimitDecision>();
        for (var i = 0; i < 300; i++)
        {
            var acquiring = limiter.AcquireAsync(account, limits);
            waited += acquiring.IsCompleted ? 0 : 1;
            decisions.Add(await acquiring);
            // Real time for a top-up in flight to land: a lease of 64 permits is topped up with 32 of them left.
            await Task.Delay(5);
        }

        Assert.Multiple(() =>
        {
            Assert.That(waited, Is.Zero, "every request answered from a lease without waiting (about 5 leases' worth)");
            Assert.That(decisions.Admitted(), Is.EqualTo(300));
            Assert.That(decisions.Select(d => d.Used(LimitWindow.Hour)), Is.EqualTo(Enumerable.Range(101, 300).Select(n => (long)n)),
                "each request is still told its own place in the window across the top-ups");
        });
        EndLeases();
        await AssertCountedAsync(account, limits, 400);
    }

    [Test]
    public async Task AcquireAsync_SlowAccount_LeaseIsToppedUpAheadOfNeed_SoItsRequestsRarelyWaitForATake()
    {
        // One of many accounts on a gateway: about 7 requests a second, leases of ~21 permits for up to 4 s. Without
        // top-ups, the request that finds a lease used up waits a round trip for the next one, every 21 requests.
        var limiter = Instance(instanceCount: 1, maxLifetimeMs: 4_000);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(100_000, 1_000_000, 10_000_000);
        // Loaded beforehand, as in a gateway that has run a while: the first return on a Redis that never saw the script
        // goes out twice (NOSCRIPT, then EVAL), after a take made meanwhile, whose view would still count its permits.
        foreach (var server in Redis.Multiplexer.GetServers().Where(s => !s.IsReplica))
        {
            await server.ScriptLoadAsync(new ReturnPermitsScript().Source);
        }
        for (var i = 0; i < 20; i++)
        {
            await limiter.AcquireAsync(account, limits);
            Time.Advance(SpreadGap);
        }

        var waited = 0;
        var decisions = new List<LimitDecision>();
        for (var i = 0; i < 150; i++)
        {
            var acquiring = limiter.AcquireAsync(account, limits);
            waited += acquiring.IsCompleted ? 0 : 1;
            decisions.Add(await acquiring);
            await Task.Delay(25); // real time for a top-up in flight to land (a slow account's is taken at its last permit)
            Time.Advance(SpreadGap);
        }

        await TestContext.Out.WriteLineAsync($"{waited} of 150 requests 140 ms apart waited for a take.");
        Assert.Multiple(() =>
        {
            // The rate is estimated: a lease sized on a high estimate may expire before its last permit, which tops it up,
            // and the request after it waits for a take (once here). A round trip slower than the pause on a loaded machine
            // may cost one more. Without top-ups, every lease's end costs one: 5 here.
            Assert.That(waited, Is.LessThanOrEqualTo(2), "topped-up leases serve about 7 leases' worth without a wait");
            Assert.That(decisions.Admitted(), Is.EqualTo(150));
            Assert.That(decisions.Select(d => d.Used(LimitWindow.Hour)), Is.EqualTo(Enumerable.Range(21, 150).Select(n => (long)n)),
                "each request is told its own place in the window across the top-ups");
        });
        Time.Advance(TimeSpan.FromSeconds(4.2)); // past the 4 s lifetime: the last lease goes back
        await AssertCountedAsync(account, limits, 170);
    }

    [Test]
    public async Task AcquireAsync_BusyAccountWithSeveralKeys_ToppedUpLeasesMoveUsageToTheKeysThatUsedIt()
    {
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(100_000, 1_000_000, 10_000_000);
        for (var i = 0; i < 600; i++)
        {
            // Top-ups are taken by whichever key's request finds the lease half used: usage is first counted to that key.
            await limiter.AcquireAsync(account, limits, $"key_{i % 3}");
            if (i % 16 == 0)
            {
                await Task.Delay(5);
            }
        }

        EndLeases();

        await AssertCountedAsync(account, limits, 600);
        var usage = await UsageAsync(account);
        Assert.That(usage, Is.EquivalentTo(new Dictionary<string, long> { ["key_0"] = 200, ["key_1"] = 200, ["key_2"] = 200 }));
    }

    [Test]
    public async Task AcquireAsync_LeaseTakenAtTheEndOfABucket_AdmitsNothingOnceTheBucketIsOver()
    {
        // Taken 60 ms before the minute turns, the lease may not admit past it even though its lifetime runs on: a
        // request admitted in the next minute must be counted there, or it would leave the hour a minute early.
        Time.Advance(TimeSpan.FromMilliseconds(59_940));
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        for (var i = 0; i < 10; i++)
        {
            await limiter.AcquireAsync(account, limits);
        }

        Time.Advance(TimeSpan.FromMilliseconds(100));
        await limiter.AcquireAsync(account, limits);
        EndLeases();
        await AssertCountedAsync(account, limits, 11);

        var hourCounts = RedisKeys.WindowCounts(account, LimitWindow.Hour);
        var first = (long)await Db.HashGetAsync(hourCounts, Start.ToUnixTimeMilliseconds());
        var second = (long)await Db.HashGetAsync(hourCounts, Start.AddMinutes(1).ToUnixTimeMilliseconds());
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(10), "the first minute's bucket holds exactly the requests admitted in it");
            Assert.That(second, Is.EqualTo(1), "the request after the minute turned is counted in the new minute");
        });
    }

    [Test]
    public async Task AcquireAsync_HourGoneWhileALeaseIsOut_ReturnTakesNothingFromIt()
    {
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        for (var i = 0; i < 10; i++)
        {
            await limiter.AcquireAsync(account, limits);
        }
        // The account's hour keys go while the lease is out (evicted, or deleted with the account).
        var hourCounts = RedisKeys.WindowCounts(account, LimitWindow.Hour);
        await Db.KeyDeleteAsync([hourCounts, RedisKeys.WindowBuckets(account, LimitWindow.Hour)]);

        EndLeases();

        var day = (await limiter.PeekAsync(account, limits)).Used(LimitWindow.Day);
        for (var tries = 0; tries < 100 && day != 10; tries++)
        {
            await Task.Delay(50);
            day = (await limiter.PeekAsync(account, limits)).Used(LimitWindow.Day);
        }
        Assert.Multiple(() =>
        {
            Assert.That(day, Is.EqualTo(10), "the day's bucket got its permits back");
            Assert.That(Db.KeyExists(hourCounts), Is.False, "the hour's bucket was gone: nothing taken from it, nothing made up");
        });
    }

    [Test]
    public async Task AcquireAsync_RedisDownWhileALeaseIsOut_FallsBackToTheFailurePolicy()
    {
        if (Redis.Mode != TestRedisMode.LocalProcess)
        {
            Assert.Ignore($"Needs a Redis this run can stop; this run uses {Redis.Description}.");
        }
        var limiter = Instance(instanceCount: 1);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        for (var i = 0; i < 10; i++)
        {
            await limiter.AcquireAsync(account, limits);
        }

        await Redis.StopAsync();
        List<LimitDecision> during;
        try
        {
            EndLeases();
            during = [];
            for (var i = 0; i < 5; i++)
            {
                during.Add(await limiter.AcquireAsync(account, limits));
            }
        }
        finally
        {
            await Redis.StartAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(during.Admitted(), Is.EqualTo(5));
            Assert.That(during.Select(d => d.Source), Is.All.EqualTo(LimitSource.Local), "a failed take leaves the request to Limits:RedisFailurePolicy");
        });
    }

    [Test]
    public async Task AcquireAsync_RedisClockStepsForwardBeforeATake_TakeIsSentAgainAndCounted()
    {
        // Redis's clock jumps 8 s (NTP on the Redis host) while the instance's deadlines still assume the old offset,
        // more than Redis:TimeoutMs (5 s in tests) ahead: the take is judged late though it was answered at once. It must be
        // sent again, as the plain limiter does, and not answered by the outage policy (an uncounted local admission).
        Time.RequireRedis();
        var limiter = Instance(instanceCount: 1, maxLifetimeMs: 5_000);
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000);
        Assert.That((await limiter.AcquireAsync(account, limits)).Source, Is.EqualTo(LimitSource.Redis));

        Time.Advance(TimeSpan.FromSeconds(8));
        var before = await Redis.ScriptCallsAsync();
        var afterStep = await limiter.AcquireAsync(account, limits);
        var calls = await Redis.ScriptCallsAsync() - before;

        Assert.Multiple(() =>
        {
            Assert.That(afterStep.Admitted, Is.True);
            Assert.That(afterStep.Source, Is.EqualTo(LimitSource.Redis), "a call judged late but answered in time is sent again");
            Assert.That(calls, Is.EqualTo(2), "the take, judged late, and the take sent again");
        });
        Time.Advance(TimeSpan.FromSeconds(6));
        await AssertCountedAsync(account, limits, 2);
    }

    [TestCase("Limits:Leases:MinLifetimeMs", "5")]
    [TestCase("Limits:Leases:MaxLifetimeMs", "100")]
    [TestCase("Limits:Leases:MaxLifetimeMs", "6000")]
    [TestCase("Limits:Leases:MaxPermits", "1")]
    [TestCase("Limits:Leases:Headroom", "1")]
    public void Build_LeaseSettingOutOfRange_RefusesToStart(string setting, string value)
    {
        Assert.That(() => CoreServices.Build(Redis, Time, [new(setting, value)]),
            Throws.InstanceOf<OptionsValidationException>().With.Message.Contains(setting));
    }

    private IRateLimiter Instance(int instanceCount, TimeSpan offset = default, int maxLifetimeMs = 1_000) =>
        Build(offset, instanceCount, maxLifetimeMs).GetRequiredService<IRateLimiter>();

    private ServiceProvider Build(TimeSpan offset, int instanceCount, int maxLifetimeMs = 1_000)
    {
        var services = CoreServices.Build(Redis, offset == TimeSpan.Zero ? Time : Time.WithOffset(offset),
        [
            new("Limits:Leases:Enabled", "true"),
            new("Limits:Leases:MinLifetimeMs", "200"),
            new("Limits:Leases:MaxLifetimeMs", maxLifetimeMs.ToString(CultureInfo.InvariantCulture)),
            new("Limits:InstanceCount", instanceCount.ToString(CultureInfo.InvariantCulture)),
        ]);
        _instances.Add(services);
        return services;
    }

    /// <summary>
    /// Lets every lease's lifetime run out: the sweepers fire on the fake clocks and return the unused permits in the
    /// background (<see cref="AssertCountedAsync"/> waits for them).
    /// </summary>
    private void EndLeases() => Time.Advance(PastLifetime);

    /// <summary>Requests of a fresh account <see cref="SpreadGap"/> apart, counted exactly; the script calls they made.</summary>
    private async Task<(string Account, long Calls)> SpreadTrafficAsync(IRateLimiter limiter, TierLimits limits, int requests)
    {
        var account = Ids.NewAccountId();
        var before = await Redis.ScriptCallsAsync();
        for (var i = 0; i < requests; i++)
        {
            Assert.That((await limiter.AcquireAsync(account, limits)).Admitted, Is.True);
            Time.Advance(SpreadGap);
        }
        // The calls while the traffic ran (a last lease's return aside): the counting below peeks with the script too.
        var calls = await Redis.ScriptCallsAsync() - before;
        EndLeases();
        await AssertCountedAsync(account, limits, requests);
        return (account, calls);
    }

    /// <summary>Requests one at a time, over the instances in turn, until each refuses; returns how many were admitted.</summary>
    private static async Task<int> DrainAsync(IRateLimiter[] limiters, string account, TierLimits limits)
    {
        var admitted = 0;
        var refusedInARow = 0;
        for (var i = 0; refusedInARow < limiters.Length; i++)
        {
            if ((await limiters[i % limiters.Length].AcquireAsync(account, limits)).Admitted)
            {
                admitted++;
                refusedInARow = 0;
            }
            else
            {
                refusedInARow++;
            }
        }
        return admitted;
    }

    /// <summary>Asserts what Redis counts, once the returns in flight have landed (at most a few seconds).</summary>
    private async Task AssertCountedAsync(string account, TierLimits limits, long expected)
    {
        var limiter = Get<IRateLimiter>();
        var peek = await limiter.PeekAsync(account, limits);
        var usage = await UsageAsync(account);
        for (var tries = 0; tries < 100 && (peek.Used(LimitWindow.Hour) != expected || usage.Values.Sum() != expected); tries++)
        {
            await Task.Delay(50);
            peek = await limiter.PeekAsync(account, limits);
            usage = await UsageAsync(account);
        }
        Assert.Multiple(() =>
        {
            Assert.That(peek.Used(LimitWindow.Hour), Is.EqualTo(expected), "the hour counts exactly what was admitted");
            Assert.That(peek.Used(LimitWindow.Day), Is.EqualTo(expected), "so does the day");
            Assert.That(peek.Used(LimitWindow.Month), Is.EqualTo(expected), "so does the month");
            Assert.That(usage.Values.Sum(), Is.EqualTo(expected), "per-key usage counts exactly the admitted requests");
        });
    }

    /// <summary>Usage per key, over the test's day and the one before (an instance whose clock is behind names that).</summary>
    private static async Task<Dictionary<string, long>> UsageAsync(string account)
    {
        var usage = new Dictionary<string, long>();
        foreach (var day in new[] { EpochDay.Of(Start) - 1, EpochDay.Of(Start) })
        {
            foreach (var entry in await Db.HashGetAllAsync(RedisKeys.DailyUsage(account, day)))
            {
                usage[entry.Name.ToString()] = usage.GetValueOrDefault(entry.Name.ToString()) + (long)entry.Value;
            }
        }
        return usage;
    }

}
