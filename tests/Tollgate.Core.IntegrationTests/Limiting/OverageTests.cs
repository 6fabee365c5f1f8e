using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>
/// A month that bills overage: admits past its limit up to the cap, the other windows still refuse, and the call that
/// admits overage units adds exactly them to the account's pending overage.
/// </summary>
public sealed class OverageTests : RedisTestBase
{
    // A month below the hour: overage is reached within one test's hour.
    private static readonly TierLimits Metered = new(200, 200, 50) { Overage = OverageMode.Bill, OverageCap = 70 };

    [Test]
    public async Task AcquireAsync_ConcurrentFromThreeInstances_MetersExactlyTheAdmittedOverageUpToTheCap()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => CoreServices.Build(Redis, Time)).ToList();
        try
        {
            var limiters = instances.Select(i => (IRateLimiter)i.GetService(typeof(IRateLimiter))!).ToList();
            var account = Ids.NewAccountId();
            int[] costs = [1, 2];

            var decisions = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => Task.Run(() =>
                limiters[i % 3].AcquireAsync(account, $"key_{i % 3}", costs[i % 2], Metered, CancellationToken.None))));

            var admittedUnits = decisions.Where(d => d.Admitted).Sum(d => (long)d.Cost);
            var pending = (long)await Db.HashGetAsync(RedisKeys.AccountOverage(account), "pending");
            Assert.Multiple(() =>
            {
                Assert.That(admittedUnits, Is.InRange(119, 120), "50 included and at most the cap of 70 past them");
                Assert.That(pending, Is.EqualTo(admittedUnits - 50), "every admitted unit past the month metered, once");
                Assert.That(decisions.Sum(d => d.OverageUnits), Is.EqualTo(pending), "and each decision says its own share");
            });
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task AcquireAsync_NoCap_AdmitsPastTheMonthUntilTheHourRefuses_RefusedNeverMetered()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var uncapped = Metered with { OverageCap = null };

        var decisions = await limiter.AcquireManyAsync(account, 230, uncapped);

        Assert.Multiple(async () =>
        {
            Assert.That(decisions.Admitted(), Is.EqualTo(200), "the hour still refuses");
            Assert.That((long)await Db.HashGetAsync(RedisKeys.AccountOverage(account), "pending"), Is.EqualTo(150));
            Assert.That(decisions.Where(d => !d.Admitted).Select(d => d.Tightest.Window), Is.All.EqualTo(LimitWindow.Hour));
        });
    }

    [Test]
    public async Task AcquireAsync_Block_RefusesAtTheMonthAndMetersNothing()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();

        var decisions = await limiter.AcquireManyAsync(account, 80, Metered with { Overage = OverageMode.Block, OverageCap = null });

        Assert.Multiple(async () =>
        {
            Assert.That(decisions.Admitted(), Is.EqualTo(50));
            Assert.That(await Db.KeyExistsAsync(RedisKeys.AccountOverage(account)), Is.False);
        });
    }

    [Test]
    public async Task AcquireAsync_ShadowMode_NeverMetersWhatEnforcingWouldRefuse()
    {
        await using var shadow = CoreServices.Build(Redis, Time, new Dictionary<string, string?> { ["Limits:Mode"] = "Shadow" });
        var limiter = (IRateLimiter)shadow.GetService(typeof(IRateLimiter))!;
        var account = Ids.NewAccountId();

        await limiter.AcquireManyAsync(account, 150, Metered);

        Assert.That((long)await Db.HashGetAsync(RedisKeys.AccountOverage(account), "pending"), Is.EqualTo(70), "the cap: the rest would be refused");
    }
}
