using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>A tier's optional per-second window: one more window of the same call, exact across instances, absent when not set.</summary>
public sealed class BurstWindowTests : RedisTestBase
{
    private static readonly TierLimits Bursty = new(600, 10_000, 100_000) { PerSecond = 5 };

    [Test]
    public async Task AcquireAsync_ConcurrentFromThreeInstances_AdmitsExactlyTheSecondsLimitThenMoreASecondLater()
    {
        Time.RequireRedis();
        var instances = Enumerable.Range(0, 3).Select(_ => CoreServices.Build(Redis, Time)).ToList();
        try
        {
            var limiters = instances.Select(i => (IRateLimiter)i.GetService(typeof(IRateLimiter))!).ToList();
            var account = Ids.NewAccountId();

            var first = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => limiters[i % 3].AcquireAsync(account, Bursty))));
            Time.Advance(TimeSpan.FromMilliseconds(1_100));
            var second = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => limiters[i % 3].AcquireAsync(account, Bursty))));

            var refused = first.First(d => !d.Admitted);
            Assert.Multiple(() =>
            {
                Assert.That(first.Admitted(), Is.EqualTo(5));
                Assert.That(second.Admitted(), Is.EqualTo(5), "the bucket left the second");
                Assert.That(refused.Tightest.Window, Is.EqualTo(LimitWindow.Second));
                Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(1_100)), "the whole 100 ms bucket must leave");
                Assert.That(refused.Windows.Select(w => w.Window), Is.EqualTo(new[] { LimitWindow.Second, LimitWindow.Hour, LimitWindow.Day, LimitWindow.Month }));
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
    public async Task AcquireAsync_TierWithoutABurstLimit_WritesNoSecondWindow()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();

        var decision = await limiter.AcquireAsync(account, LimitsOf("free"));

        Assert.Multiple(async () =>
        {
            Assert.That(decision.Windows.Select(w => w.Window), Is.EqualTo(LimitWindow.All));
            Assert.That(await Db.KeyExistsAsync(RedisKeys.WindowCounts(account, LimitWindow.Second)), Is.False);
        });
    }

    [Test]
    public async Task AcquireAsync_BurstWindowRefuses_NothingCountedInTheOthers()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();

        await limiter.AcquireManyAsync(account, 20, Bursty);

        var after = await limiter.PeekAsync(account, Bursty);
        Assert.Multiple(() =>
        {
            Assert.That(after.Used(LimitWindow.Second), Is.EqualTo(5));
            Assert.That(after.Used(LimitWindow.Hour), Is.EqualTo(5));
            Assert.That(after.Used(LimitWindow.Month), Is.EqualTo(5));
        });
    }
}
