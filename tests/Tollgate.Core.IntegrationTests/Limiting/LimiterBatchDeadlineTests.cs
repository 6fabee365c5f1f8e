using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>
/// Requests of one account that wait for its call in flight go out together, with the earliest deadline among them.
/// When Redis runs such a call past that deadline it counts nothing; a request that joined later and whose own
/// deadline has not passed must not be failed with it: it goes out again and is decided by Redis.
/// </summary>
public sealed class LimiterBatchDeadlineTests : RedisTestBase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(1000);

    // Keeps Redis busy for 300 ms of its own clock, so the calls sent meanwhile queue behind it.
    private const string BusyFor300Ms = """
        local t = redis.call('TIME')
        local start = t[1] * 1000000 + t[2]
        repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] - start > 300000
        return 1
        """;

    [Test]
    public async Task CallRunsPastTheEarliestDeadline_RequestWithALaterDeadline_IsSentAgainAndAdmitted()
    {
        // Redis runs on its real clock; the limiter's local clock is driven by the test, so each request's deadline is
        // chosen. The first two are made while the limiter's view of Redis's clock is 1.1 s stale (deadlines already
        // past in Redis time); while Redis is busy with a script, the local clock moves on past their give-up time (the
        // limiter must not take them for a call that merely met a clock step) and the third is made, 1 s left.
        Time.LetRedisRun();
        var local = new FakeTimeProvider();
        await using var services = CoreServices.Build(Redis, Time, new Dictionary<string, string?> { ["Redis:TimeoutMs"] = "1000" },
            configure: s => s.AddSingleton(new RedisClock(local)));
        var limiter = services.GetRequiredService<RedisSlidingWindowLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("pro");
        Assert.That((await limiter.AcquireAsync(account, "key_one", 1, limits, CancellationToken.None)).Admitted, Is.True, "learns Redis's clock");

        await Task.Delay(Timeout + TimeSpan.FromMilliseconds(100));
        var busy = Db.ScriptEvaluateAsync(BusyFor300Ms);
        await Task.Delay(50);
        var first = limiter.AcquireAsync(account, "key_one", 1, limits, CancellationToken.None);   // goes out alone, too late
        var second = limiter.AcquireAsync(account, "key_two", 1, limits, CancellationToken.None);  // waits; too late as well
        local.Advance(Timeout);
        var third = limiter.AcquireAsync(account, "key_three", 1, limits, CancellationToken.None); // waits; 1 s left
        await busy;

        Assert.Multiple(() =>
        {
            Assert.That(Assert.ThrowsAsync<StoreUnavailableException>(async () => await first)?.Fault, Is.EqualTo(StoreFault.Timeout),
                "Redis ran the first past its deadline");
            Assert.That(Assert.ThrowsAsync<StoreUnavailableException>(async () => await second)?.Fault, Is.EqualTo(StoreFault.Timeout),
                "and the second, sent with the third");
        });
        var decision = await third;
        var after = await limiter.PeekAsync(account, limits, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(decision.Admitted, Is.True, "the third's own deadline had not passed: it is decided, not failed");
            Assert.That(decision.Source, Is.EqualTo(LimitSource.Redis));
            Assert.That(after.Used(LimitWindow.Hour), Is.EqualTo(2), "what ran late counted nothing; the third counted once");
        });
    }
}
