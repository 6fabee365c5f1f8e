using Microsoft.AspNetCore.Http;
using Tollgate.Core.Limiting;
using Tollgate.Gateway.Limiting;

namespace Tollgate.Gateway.UnitTests.Limiting;

public sealed class RateLimitHeadersTests
{
    private static readonly TierLimits Free = new(60, 1_000, 10_000);

    [Test]
    public void Apply_Admitted_DescribesTheTightestWindowAndAllWindows()
    {
        var decision = new LimitDecision(true, TimeSpan.Zero,
        [
            new(LimitWindow.Hour, 60, 48, TimeSpan.FromSeconds(1800)),
            new(LimitWindow.Day, 1_000, 50, TimeSpan.FromSeconds(70_000)),
            new(LimitWindow.Month, 10_000, 50, TimeSpan.FromSeconds(2_500_000)),
        ]);
        var headers = new HeaderDictionary();

        new RateLimitHeaders().Apply(headers, Free, decision);

        Assert.Multiple(() =>
        {
            Assert.That(headers["X-RateLimit-Limit"].ToString(), Is.EqualTo("60"));
            Assert.That(headers["X-RateLimit-Remaining"].ToString(), Is.EqualTo("12"));
            Assert.That(headers["X-RateLimit-Reset"].ToString(), Is.EqualTo("1800"));
            Assert.That(headers["RateLimit-Policy"].ToString(),
                Is.EqualTo("\"hour\";q=60;w=3600, \"day\";q=1000;w=86400, \"month\";q=10000;w=2592000"));
            Assert.That(headers["RateLimit"].ToString(),
                Is.EqualTo("\"hour\";r=12;t=1800, \"day\";r=950;t=70000, \"month\";r=9950;t=2500000"));
        });
    }

    [Test]
    public void Apply_DayNearlyExhausted_PicksTheDayWindow()
    {
        var decision = new LimitDecision(true, TimeSpan.Zero,
        [
            new(LimitWindow.Hour, 60, 10, TimeSpan.FromSeconds(100)),
            new(LimitWindow.Day, 1_000, 995, TimeSpan.FromSeconds(2_000)),
            new(LimitWindow.Month, 10_000, 995, TimeSpan.FromSeconds(3_000)),
        ]);
        var headers = new HeaderDictionary();
        new RateLimitHeaders().Apply(headers, Free, decision);
        Assert.That(headers["X-RateLimit-Limit"].ToString(), Is.EqualTo("1000"));
        Assert.That(headers["X-RateLimit-Remaining"].ToString(), Is.EqualTo("5"));
        Assert.That(headers["X-RateLimit-Reset"].ToString(), Is.EqualTo("2000"));
    }

    [Test]
    public void Apply_Refused_ResetIsTheRetryAfterRoundedUp()
    {
        var decision = new LimitDecision(false, TimeSpan.FromMilliseconds(12_300),
        [
            new(LimitWindow.Hour, 60, 60, TimeSpan.FromSeconds(5)),
            new(LimitWindow.Day, 1_000, 60, TimeSpan.FromSeconds(80_000)),
            new(LimitWindow.Month, 10_000, 60, TimeSpan.FromSeconds(2_000_000)),
        ]);
        var headers = new HeaderDictionary();
        new RateLimitHeaders().Apply(headers, Free, decision);
        Assert.That(headers["X-RateLimit-Remaining"].ToString(), Is.EqualTo("0"));
        Assert.That(headers["X-RateLimit-Reset"].ToString(), Is.EqualTo("13"));
        Assert.That(headers["RateLimit"].ToString(), Does.StartWith("\"hour\";r=0;t=13,"));
    }

    [Test]
    public void Apply_LocalFallbackShareOfTheLimits_DescribesWhatEachDecisionEnforced()
    {
        // While Redis is down, Limits:RedisFailurePolicy=Local with two instances enforces half of each limit.
        var headers = new RateLimitHeaders();
        var local = new LimitDecision(true, TimeSpan.Zero,
        [
            new(LimitWindow.Hour, 30, 1, TimeSpan.FromSeconds(3600)),
            new(LimitWindow.Day, 500, 1, TimeSpan.FromSeconds(86_400)),
            new(LimitWindow.Month, 5_000, 1, TimeSpan.FromSeconds(2_592_000)),
        ]);
        var redis = new LimitDecision(true, TimeSpan.Zero,
        [
            new(LimitWindow.Hour, 60, 2, TimeSpan.FromSeconds(3600)),
            new(LimitWindow.Day, 1_000, 2, TimeSpan.FromSeconds(86_400)),
            new(LimitWindow.Month, 10_000, 2, TimeSpan.FromSeconds(2_592_000)),
        ]);
        var duringOutage = new HeaderDictionary();
        var afterOutage = new HeaderDictionary();

        headers.Apply(duringOutage, Free, local);
        headers.Apply(afterOutage, Free, redis);

        Assert.Multiple(() =>
        {
            Assert.That(duringOutage["X-RateLimit-Limit"].ToString(), Is.EqualTo("30"));
            Assert.That(duringOutage["RateLimit-Policy"].ToString(), Does.StartWith("\"hour\";q=30;"));
            Assert.That(afterOutage["X-RateLimit-Limit"].ToString(), Is.EqualTo("60"));
            Assert.That(afterOutage["RateLimit-Policy"].ToString(), Does.StartWith("\"hour\";q=60;"), "an outage does not stick to the tier's texts");
        });
    }

    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(999, 1)]
    [TestCase(1000, 1)]
    [TestCase(1001, 2)]
    public void Seconds_RoundsUp(int milliseconds, long expected)
    {
        Assert.That(RateLimitHeaders.Seconds(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));
    }
}
