using Microsoft.Extensions.DependencyInjection;
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

    // Keeps Redis busy for ARGV[1] µs of its own time: every other client's command waits behind it.
    private const string BusyScript = """
        local function now() local t = redis.call('TIME') return t[1] * 1000000 + t[2] end
        local stop = now() + tonumber(ARGV[1])
        while now() < stop do end
        return 1
        """;

    [Test]
    public async Task AcquireAsync_RedisRunsTheCallAfterItsDeadline_CountsNothingAndTimesOut()
    {
        // Redis on the real clock, busy for 700 ms with the limiter's second call queued behind the busy script: Redis
        // runs that call long after Redis:TimeoutMs, when its caller has given up.
        Time.LetRedisRun();
        await using var services = CoreServices.Build(Redis, Time, ProductionTimeout);
        var limiter = services.GetRequiredService<RedisSlidingWindowLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        Assert.That((await limiter.AcquireAsync(account, "key_one", 1, limits, CancellationToken.None)).Admitted, Is.True);

        // Keyed by the account's hash tag, so on Redis Cluster it holds up the node that serves the account.
        var busy = Db.ScriptEvaluateAsync(BusyScript, keys: [RedisKeys.Account(account)], values: [700_000]);
        await Task.Delay(TimeSpan.FromMilliseconds(100));

        // The limiter's own deadline, or the client's timeout when its check comes first (seen on Redis Cluster): the
        // caller has given up either way, and sees the one exception core lets out for a store fault.
        Assert.That(() => limiter.AcquireAsync(account, "key_one", 1, limits, CancellationToken.None),
            Throws.TypeOf<StoreUnavailableException>().With.Property(nameof(StoreUnavailableException.Fault)).EqualTo(StoreFault.Timeout));
        await busy;
        var after = await limiter.PeekAsync(account, limits, CancellationToken.None);
        var usage = await Db.HashGetAsync(RedisKeys.DailyUsage(account, EpochDay.Of(Start)), "key_one");
        Assert.Multiple(() =>
        {
            Assert.That(after.Windows.Select(w => w.Used), Is.All.EqualTo(1), "only the call that ran in time counts, in every window");
            Assert.That((long)usage, Is.EqualTo(1), "nor in the key's usage");
        });
    }

    [Test]
    public async Task AcquireAsync_RedisClockStepsForward_IsNotJudgedLate()
    {
        // Redis's clock jumps two hours between two calls (NTP on the Redis host; here the test's clock): the second
        // call's deadline, set in the old Redis time, has passed when it runs, yet its caller is still waiting.
        await using var services = CoreServices.Build(Redis, Time, ProductionTimeout);
        var limiter = services.GetRequiredService<RedisSlidingWindowLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        Assert.That((await limiter.AcquireAsync(account, "key_one", 1, limits, CancellationToken.None)).Admitted, Is.True);

        Time.Advance(TimeSpan.FromHours(2));
        var second = await limiter.AcquireAsync(account, "key_one", 1, limits, CancellationToken.None);

        var after = await limiter.PeekAsync(account, limits, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(second.Admitted, Is.True);
            Assert.That(after.Used(LimitWindow.Hour), Is.EqualTo(1), "the first request has left the hour");
            Assert.That(after.Used(LimitWindow.Day), Is.EqualTo(2), "both are counted, once");
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
            Assert.That((await limiter.AcquireAsync(account, "key_one", 1, limits, CancellationToken.None)).Admitted, Is.True, $"call {i}");
        }

        Assert.That((await limiter.PeekAsync(account, limits, CancellationToken.None)).Used(LimitWindow.Hour), Is.EqualTo(4));
    }
}
