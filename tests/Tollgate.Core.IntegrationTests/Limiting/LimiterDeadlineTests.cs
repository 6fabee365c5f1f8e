using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>
/// A counting call carries the Redis time after which its caller has given up waiting; Redis running it later
/// (a hung Redis that resumes) must count nothing, since the caller has already answered without it.
/// </summary>
public sealed class LimiterDeadlineTests : RedisTestBase
{
    // Production's timeout, not the tests' generous default: the deadline is what is under test.
    private static readonly Dictionary<string, string?> ProductionTimeout = new() { ["Redis:TimeoutMs"] = "250" };

    [Test]
    public async Task AcquireAsync_RedisRunsTheCallAfterItsDeadline_CountsNothingAndTimesOut()
    {
        // A local clock that stands still while Redis's goes on: to the limiter, every call after the first is sent
        // at the moment the first answer arrived, so once Redis:TimeoutMs of real time has passed, Redis runs it late.
        await using var services = CoreServices.Build(Redis, Time, ProductionTimeout, configure: s => s.AddSingleton(new RedisClock(new FakeTimeProvider())));
        var limiter = services.GetRequiredService<RedisSlidingWindowLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        Assert.That((await limiter.AcquireAsync(account, "key_one", limits, CancellationToken.None)).Admitted, Is.True);

        await Task.Delay(TimeSpan.FromMilliseconds(600));

        Assert.ThrowsAsync<TimeoutException>(() => limiter.AcquireAsync(account, "key_one", limits, CancellationToken.None));
        var after = await limiter.PeekAsync(account, limits, CancellationToken.None);
        var usage = await Db.HashGetAsync(RedisKeys.DailyUsage(account, EpochDay.Of(Start)), "key_one");
        Assert.Multiple(() =>
        {
            Assert.That(after.Windows.Select(w => w.Used), Is.All.EqualTo(1), "only the call that ran in time counts, in every window");
            Assert.That((long)usage, Is.EqualTo(1), "nor in the key's usage");
        });
    }

    [Test]
    public async Task AcquireAsync_CallsSpreadOverSeconds_AreNeverJudgedLate()
    {
        await using var services = CoreServices.Build(Redis, Time, ProductionTimeout);
        var limiter = services.GetRequiredService<RedisSlidingWindowLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("pro");

        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(400));
            Assert.That((await limiter.AcquireAsync(account, "key_one", limits, CancellationToken.None)).Admitted, Is.True, $"call {i}");
        }

        Assert.That((await limiter.PeekAsync(account, limits, CancellationToken.None)).Used(LimitWindow.Hour), Is.EqualTo(4));
    }
}
