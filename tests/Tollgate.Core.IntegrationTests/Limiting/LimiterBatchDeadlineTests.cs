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

    [Test]
    public async Task CallRunsPastTheEarliestDeadline_RequestWithALaterDeadline_IsSentAgainAndAdmitted()
    {
        // The limiter's local clock is driven by the test, so each request's deadline is chosen: requests made before
        // the clock moves have a deadline already past in Redis time, the one made after it has 900 ms left.
        var local = new FakeTimeProvider();
        await using var services = CoreServices.Build(Redis, Time, new Dictionary<string, string?> { ["Redis:TimeoutMs"] = "1000" },
            configure: s => s.AddSingleton(new RedisClock(local)));
        var limiter = services.GetRequiredService<RedisSlidingWindowLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("pro");
        Assert.That((await limiter.AcquireAsync(account, "key_one", limits, CancellationToken.None)).Admitted, Is.True, "learns Redis's clock");

        await Task.Delay(Timeout + TimeSpan.FromMilliseconds(100));
        var first = limiter.AcquireAsync(account, "key_one", limits, CancellationToken.None);   // goes out alone, too late
        var second = limiter.AcquireAsync(account, "key_two", limits, CancellationToken.None);  // waits; too late as well
        local.Advance(TimeSpan.FromMilliseconds(900));
        var third = limiter.AcquireAsync(account, "key_three", limits, CancellationToken.None); // waits; 900 ms left

        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<TimeoutException>(async () => await first, "Redis ran the first past its deadline");
            Assert.ThrowsAsync<TimeoutException>(async () => await second, "and the second, sent with the third");
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
