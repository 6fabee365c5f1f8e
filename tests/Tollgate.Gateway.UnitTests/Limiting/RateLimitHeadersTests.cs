using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Limiting;
using Tollgate.Gateway.Limiting;

namespace Tollgate.Gateway.UnitTests.Limiting;

public sealed class RateLimitHeadersTests
{
    private static readonly TierLimits Free = new(60, 1_000, 10_000);
    private static readonly string[] XHeaders = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];

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
    public void Apply_MonthOnTheBillingPeriod_ResetIsThePeriodEnd_PolicyWindowIsThePeriodLength()
    {
        // Anchored 31 Jan: on 10 Feb the period runs 31 Jan to 28 Feb (28 days) and ends in 18 days.
        var now = new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero);
        var limits = Free with { MonthlyWindow = MonthlyWindow.BillingPeriod, PeriodAnchor = new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero) };
        var decision = new LimitDecision(true, TimeSpan.Zero,
        [
            new(LimitWindow.Hour, 60, 1, TimeSpan.FromSeconds(1800)),
            new(LimitWindow.Day, 1_000, 1, TimeSpan.FromSeconds(70_000)),
            new(LimitWindow.BillingPeriod, 10_000, 9_999, TimeSpan.FromDays(18)),
        ]);
        var headers = new HeaderDictionary();

        new RateLimitHeaders(RateLimitHeaderFormat.Draft11, new FakeTimeProvider(now)).Apply(headers, limits, decision);

        Assert.Multiple(() =>
        {
            Assert.That(headers["X-RateLimit-Reset"].ToString(), Is.EqualTo("1555200"), "18 days: the period's end");
            Assert.That(headers["RateLimit-Policy"].ToString(),
                Is.EqualTo("\"hour\";q=60;w=3600, \"day\";q=1000;w=86400, \"month\";q=10000;w=2419200"), "w = this period's 28 days");
            Assert.That(headers["RateLimit"].ToString(), Does.EndWith("\"month\";r=1;t=1555200"));
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

    [Test]
    public void Apply_Draft7_CombinesTheTightestWindowInOneField_AndKeepsTheXHeaders()
    {
        var headers = new HeaderDictionary();

        new RateLimitHeaders().Apply(headers, Free, HourHalfUsed, RateLimitHeaderFormat.Draft7);

        Assert.Multiple(() =>
        {
            Assert.That(headers["RateLimit"].ToString(), Is.EqualTo("limit=60, remaining=12, reset=1800"));
            Assert.That(headers["RateLimit-Policy"].ToString(), Is.EqualTo("60;w=3600, 1000;w=86400, 10000;w=2592000"));
            Assert.That(headers["X-RateLimit-Limit"].ToString(), Is.EqualTo("60"));
            Assert.That(headers["X-RateLimit-Remaining"].ToString(), Is.EqualTo("12"));
            Assert.That(headers["X-RateLimit-Reset"].ToString(), Is.EqualTo("1800"));
        });
    }

    [Test]
    public void Apply_Draft7Refused_ResetIsTheRetryAfter()
    {
        var decision = new LimitDecision(false, TimeSpan.FromMilliseconds(12_300),
        [
            new(LimitWindow.Hour, 60, 60, TimeSpan.FromSeconds(5)),
            new(LimitWindow.Day, 1_000, 60, TimeSpan.FromSeconds(80_000)),
            new(LimitWindow.Month, 10_000, 60, TimeSpan.FromSeconds(2_000_000)),
        ]);
        var headers = new HeaderDictionary();

        new RateLimitHeaders().Apply(headers, Free, decision, RateLimitHeaderFormat.Draft7);

        Assert.That(headers["RateLimit"].ToString(), Is.EqualTo("limit=60, remaining=0, reset=13"));
    }

    [Test]
    public void Apply_Legacy_OnlyTheXHeaders()
    {
        var headers = new HeaderDictionary();

        new RateLimitHeaders().Apply(headers, Free, HourHalfUsed, RateLimitHeaderFormat.Legacy);

        Assert.Multiple(() =>
        {
            Assert.That(headers.Keys, Is.EquivalentTo(XHeaders));
            Assert.That(headers["X-RateLimit-Remaining"].ToString(), Is.EqualTo("12"));
        });
    }

    [Test]
    public void Apply_NoFormatGiven_UsesTheGatewayDefault_AndARouteFormatOverridesIt()
    {
        var headers = new RateLimitHeaders(RateLimitHeaderFormat.Legacy);
        var byDefault = new HeaderDictionary();
        var byRoute = new HeaderDictionary();

        headers.Apply(byDefault, Free, HourHalfUsed);
        headers.Apply(byRoute, Free, HourHalfUsed, RateLimitHeaderFormat.Draft11);

        Assert.Multiple(() =>
        {
            Assert.That(byDefault.ContainsKey("RateLimit"), Is.False);
            Assert.That(byRoute["RateLimit"].ToString(), Does.StartWith("\"hour\";r=12;t=1800,"));
        });
    }

    private static LimitDecision HourHalfUsed => new(true, TimeSpan.Zero,
    [
        new(LimitWindow.Hour, 60, 48, TimeSpan.FromSeconds(1800)),
        new(LimitWindow.Day, 1_000, 50, TimeSpan.FromSeconds(70_000)),
        new(LimitWindow.Month, 10_000, 50, TimeSpan.FromSeconds(2_500_000)),
    ]);

    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(999, 1)]
    [TestCase(1000, 1)]
    [TestCase(1001, 2)]
    public void Seconds_RoundsUp(int milliseconds, long expected)
    {
        Assert.That(RateLimitHeaders.Seconds(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));
    }

    private static LimitDecision BurstRefused() => new(false, TimeSpan.FromMilliseconds(700),
    [
        new(LimitWindow.Second, 5, 5, TimeSpan.FromMilliseconds(700)),
        new(LimitWindow.Hour, 600, 40, TimeSpan.FromSeconds(3_000)),
        new(LimitWindow.Day, 6_000, 40, TimeSpan.FromSeconds(80_000)),
        new(LimitWindow.Month, 60_000, 40, TimeSpan.FromSeconds(2_000_000)),
    ]);

    private static readonly TierLimits Bursty = new(600, 6_000, 60_000) { PerSecond = 5 };

    [TestCase("Draft11", "\"second\";q=5;w=1, \"hour\";q=600;w=3600, \"day\";q=6000;w=86400, \"month\";q=60000;w=2592000",
        "\"second\";r=0;t=1, \"hour\";r=560;t=3000, \"day\";r=5960;t=80000, \"month\";r=59960;t=2000000")]
    [TestCase("Draft7", "5;w=1, 600;w=3600, 6000;w=86400, 60000;w=2592000", "limit=5, remaining=0, reset=1")]
    [TestCase("Legacy", null, null)]
    public void Apply_BurstWindow_HasItsOwnEntryInEachFormat(string formatName, string? policy, string? state)
    {
        var format = Enum.Parse<RateLimitHeaderFormat>(formatName);
        var headers = new HeaderDictionary();

        new RateLimitHeaders().Apply(headers, Bursty, BurstRefused(), format);

        Assert.Multiple(() =>
        {
            Assert.That(headers["X-RateLimit-Limit"].ToString(), Is.EqualTo("5"), "the burst window is the tightest");
            Assert.That(headers["X-RateLimit-Remaining"].ToString(), Is.EqualTo("0"));
            Assert.That(headers["X-RateLimit-Reset"].ToString(), Is.EqualTo("1"));
            Assert.That(headers.TryGetValue("RateLimit-Policy", out var p) ? p.ToString() : null, Is.EqualTo(policy));
            Assert.That(headers.TryGetValue("RateLimit", out var r) ? r.ToString() : null, Is.EqualTo(state));
        });
    }

    [Test]
    public void Apply_OverageRequest_SaysSoInEveryFormat()
    {
        var metered = new TierLimits(50, 50, 10) { Overage = OverageMode.Bill };
        var decision = new LimitDecision(true, TimeSpan.Zero,
        [
            new(LimitWindow.Hour, 50, 12, TimeSpan.FromSeconds(3_000)),
            new(LimitWindow.Day, 50, 12, TimeSpan.FromSeconds(80_000)),
            new(LimitWindow.Month, 10, 12, TimeSpan.FromSeconds(2_000_000)),
        ]) { Cost = 1, OverageUnits = 1 };

        foreach (var format in Enum.GetValues<RateLimitHeaderFormat>())
        {
            var headers = new HeaderDictionary();
            new RateLimitHeaders().Apply(headers, metered, decision, format);
            Assert.That(headers["X-RateLimit-Overage"].ToString(), Is.EqualTo("1"), format.ToString());
            if (format == RateLimitHeaderFormat.Draft11)
            {
                Assert.That(headers["RateLimit"].ToString(), Does.EndWith("\"month\";r=0;t=2000000;overage"));
            }
        }
    }
}
