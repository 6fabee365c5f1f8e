using System.Globalization;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>Requests of a cost above one: all their units in every window, or none anywhere; batches keep that per request.</summary>
public sealed class WeightedRequestTests : RedisTestBase
{
    [Test]
    public async Task AcquireAsync_MixedCostsConcurrentlyFromThreeInstances_CountsExactlyTheAdmittedUnitsAndNeverMoreThanTheLimit()
    {
        // Three instances as deployed: each hears the lease channel, so the cost-1 requests' leases on the first come back
        // when the dearer requests on the others are refused while they are out.
        var instances = await StartInstancesAsync(3);
        try
        {
            var limiters = instances.Select(i => i.Get<IRateLimiter>()).ToList();
            var account = Ids.NewAccountId();
            var limits = LimitsOf("free");
            int[] costs = [1, 5, 3];

            var decisions = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(() =>
                limiters[i % 3].AcquireAsync(account, $"key_{i % 3}", costs[i % 3], limits, CancellationToken.None))));

            var admittedUnits = decisions.Where(d => d.Admitted).Sum(d => d.Cost);
            var after = await limiters[0].PeekAsync(account, limits, CancellationToken.None);
            var usage = await Db.HashGetAllAsync(RedisKeys.DailyUsage(account, EpochDay.Of(Start)));
            Assert.Multiple(() =>
            {
                Assert.That(admittedUnits, Is.InRange(56, 60), "never past 60; refused only for lack of room for its own units");
                Assert.That(after.Used(LimitWindow.Hour), Is.EqualTo(admittedUnits), "every admitted unit counted, no refused one");
                Assert.That(after.Used(LimitWindow.Month), Is.EqualTo(admittedUnits), "the same units in every window");
                Assert.That(usage.Sum(e => (long)e.Value), Is.EqualTo(admittedUnits), "usage counts units");
                Assert.That(decisions.Select(d => d.Cost), Is.EquivalentTo(Enumerable.Range(0, 120).Select(i => costs[i % 3])));
            });
        }
        finally
        {
            await DisposeAllAsync(instances);
        }
    }

    [Test]
    public async Task AcquireAsync_DearRequestsOnOneInstanceWhileAnotherHoldsALease_GetTheLeasedPermitsBack()
    {
        var instances = await StartInstancesAsync(2);
        try
        {
            var (leasing, dear) = (instances[0].Get<IRateLimiter>(), instances[1].Get<IRateLimiter>());
            var account = Ids.NewAccountId();
            var limits = LimitsOf("free");
            for (var i = 0; i < 10; i++)
            {
                Assert.That((await leasing.AcquireAsync(account, limits)).Admitted, Is.True);
            }
            // Read straight from the hour's count hash: a usage read would ask the lease back.
            var counted = (long)await Db.HashGetAsync(RedisKeys.WindowCounts(account, LimitWindow.Hour), "total");
            Assert.That(counted, Is.GreaterThan(10), "the first instance holds a lease: more counted than it used");

            var admittedUnits = 0;
            while (await dear.AcquireAsync(account, "key_dear", 5, limits, CancellationToken.None) is { Admitted: true } decision)
            {
                admittedUnits += decision.Cost;
            }

            Assert.That(admittedUnits, Is.EqualTo(50), "all the 50 units the first instance did not use, its lease's among them");
        }
        finally
        {
            await DisposeAllAsync(instances);
        }
    }

    private async Task<List<StartedCoreServices>> StartInstancesAsync(int count)
    {
        var instanceCount = count.ToString(CultureInfo.InvariantCulture);
        var instances = new List<StartedCoreServices>();
        for (var i = 0; i < count; i++)
        {
            instances.Add(await CoreServices.StartAsync(Redis, Time, [new("Limits:InstanceCount", instanceCount)]));
        }
        return instances;
    }

    private static async Task DisposeAllAsync(List<StartedCoreServices> instances)
    {
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }
    }

    [Test]
    public async Task AcquireAsync_BurstOfMixedCosts_CheapRequestsBehindARefusedDearOneStillFit()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        await limiter.AcquireManyAsync(account, 57, limits);

        // One batch (they arrive while the first is in flight): 5 does not fit in the 3 left, the 1s behind it do.
        var decisions = await Task.WhenAll(new[] { 1, 5, 1, 1, 1 }.Select(cost =>
            limiter.AcquireAsync(account, "key_default", cost, limits, CancellationToken.None)));

        Assert.Multiple(async () =>
        {
            Assert.That(decisions.Select(d => d.Admitted), Is.EqualTo(new[] { true, false, true, true, false }));
            Assert.That(decisions[1].RetryAfter, Is.GreaterThan(TimeSpan.Zero));
            Assert.That((await limiter.PeekAsync(account, limits)).Used(LimitWindow.Hour), Is.EqualTo(60));
        });
    }

    [Test]
    public async Task AcquireAsync_RefusedForItsCost_RetryAfterSaysWhenItsUnitsFit()
    {
        Time.RequireRedis();
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        await limiter.AcquireManyAsync(account, 30, limits);
        Time.Advance(TimeSpan.FromMinutes(10));
        await limiter.AcquireManyAsync(account, 28, limits);
        Time.Advance(TimeSpan.FromMinutes(10));

        var dear = await limiter.AcquireAsync(account, "key_default", 3, limits, CancellationToken.None);
        var cheap = await limiter.AcquireAsync(account, "key_default", 2, limits, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(dear.Admitted, Is.False, "58 used, 3 more do not fit in 60");
            // The first minute's 30 leave the hour 61 minutes after they came (a bucket at the edge counts whole).
            Assert.That(dear.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(41)));
            Assert.That(dear.Windows.Single(w => w.Window == LimitWindow.Hour).Used, Is.EqualTo(58), "refused, not counted in part");
            Assert.That(cheap.Admitted, Is.True, "2 still fit");
        });

        Time.Advance(TimeSpan.FromMinutes(41));
        Assert.That((await limiter.AcquireAsync(account, "key_default", 30, limits, CancellationToken.None)).Admitted, Is.True);
    }

    [Test]
    public async Task AcquireAsync_CostAboveTheLimit_IsRefusedAndCountsNothing()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");

        var decision = await limiter.AcquireAsync(account, "key_default", 61, limits, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(decision.Admitted, Is.False);
            Assert.That((await limiter.PeekAsync(account, limits)).Used(LimitWindow.Hour), Is.Zero);
        });
    }

    [Test]
    public async Task AcquireAsync_ExhaustedAccount_CheaperRequestIsStillAskedOfRedis()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        await limiter.AcquireManyAsync(account, 57, limits);

        var dear = await limiter.AcquireAsync(account, "key_default", 5, limits, CancellationToken.None);
        var cheap = await limiter.AcquireAsync(account, "key_default", 3, limits, CancellationToken.None);
        var dearAgain = await limiter.AcquireAsync(account, "key_default", 5, limits, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(dear.Admitted, Is.False);
            Assert.That(cheap.Admitted, Is.True, "the memory of the refusal of 5 units does not refuse 3 that fit");
            Assert.That(dearAgain.Admitted, Is.False);
        });
    }
}
