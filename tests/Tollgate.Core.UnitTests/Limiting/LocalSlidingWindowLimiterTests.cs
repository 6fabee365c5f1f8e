using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Limiting;

namespace Tollgate.Core.UnitTests.Limiting;

/// <summary>
/// The in-process stand-in while Redis is down (<see cref="RedisFailurePolicy.Local"/>): the same bucketed windows,
/// each instance admitting its share of the tier's limits. Driven on a fake clock.
/// </summary>
public sealed class LocalSlidingWindowLimiterTests
{
    // On a minute's edge, so the hour window's buckets start where the test says.
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TierLimits Limits = new(PerHour: 10, PerDay: 1_000, PerMonth: 10_000);

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void StartClock() => _time = new FakeTimeProvider(Start);

    [Test]
    public async Task EachInstance_AdmitsItsShareOfTheLimit_ThenRefuses_WithoutCountingTheRefused()
    {
        var limiter = Limiter(instances: 2);

        var decisions = new List<LimitDecision>();
        for (var i = 0; i < 8; i++)
        {
            decisions.Add(await limiter.AcquireAsync("acc_1", "key_1", 1, Limits, CancellationToken.None));
        }

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(d => d.Admitted), Is.EqualTo(new[] { true, true, true, true, true, false, false, false }), "10 an hour over 2 instances");
            Assert.That(decisions[^1].Windows[0].Used, Is.EqualTo(5), "refused requests are not counted");
            Assert.That(decisions[^1].Windows[0].Limit, Is.EqualTo(5), "reported against this instance's share");
            Assert.That(decisions.Select(d => d.Source), Is.All.EqualTo(LimitSource.Local));
        });
    }

    [Test]
    public async Task Refused_RetryAfter_IsWhenTheOldestBucketLeaves_AndThenItIsAdmittedAgain()
    {
        var limiter = Limiter(instances: 1);
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await limiter.AcquireAsync("acc_1", "key_1", 1, Limits, CancellationToken.None);
        }

        var refused = await limiter.AcquireAsync("acc_1", "key_1", 1, Limits, CancellationToken.None);
        // The bucket started at 12:00 counts whole until the hour and one bucket have passed: 13:01.
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(61) - TimeSpan.FromSeconds(10)));

        _time.Advance(refused.RetryAfter - TimeSpan.FromMilliseconds(1));
        Assert.That((await limiter.AcquireAsync("acc_1", "key_1", 1, Limits, CancellationToken.None)).Admitted, Is.False, "not a moment early");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That((await limiter.AcquireAsync("acc_1", "key_1", 1, Limits, CancellationToken.None)).Admitted, Is.True);
    }

    [Test]
    public async Task Peek_CountsNothing_AndAccountsAreApart()
    {
        var limiter = Limiter(instances: 1);
        await limiter.AcquireAsync("acc_1", "key_1", 1, Limits, CancellationToken.None);

        await limiter.PeekAsync("acc_1", Limits, CancellationToken.None);
        var one = await limiter.PeekAsync("acc_1", Limits, CancellationToken.None);
        var other = await limiter.PeekAsync("acc_2", Limits, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(one.Windows.Select(w => w.Used), Is.All.EqualTo(1));
            Assert.That(other.Windows.Select(w => w.Used), Is.All.EqualTo(0));
        });
    }

    [Test]
    public async Task Cost_TakesItsUnitsWholeOrNone_AndTheBurstWindowRefusesWithinTheSecond()
    {
        var limiter = Limiter(instances: 1);
        var bursty = Limits with { PerSecond = 6 };

        var five = await limiter.AcquireAsync("acc_1", "key_1", 5, bursty, CancellationToken.None);
        var two = await limiter.AcquireAsync("acc_1", "key_1", 2, bursty, CancellationToken.None);
        var one = await limiter.AcquireAsync("acc_1", "key_1", 1, bursty, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(1_100));
        var later = await limiter.AcquireAsync("acc_1", "key_1", 2, bursty, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { five.Admitted, two.Admitted, one.Admitted }, Is.EqualTo(new[] { true, false, true }), "7 units do not fit in 6 a second");
            Assert.That(two.Tightest.Window, Is.EqualTo(LimitWindow.Second));
            Assert.That(two.RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(1_100)));
            Assert.That(one.Windows.Select(w => w.Used), Is.All.EqualTo(6), "the refused 2 counted nowhere");
            Assert.That(later.Admitted, Is.True, "a second later");
            Assert.That(later.Windows.Single(w => w.Window == LimitWindow.Hour).Used, Is.EqualTo(8));
        });
    }

    [Test]
    public async Task BillingPeriodMonth_InstanceShareOfThePeriod_ResetsAtThePeriodEndOnThisClock()
    {
        // Start is 1 March 12:00; anchored 15 Jan 09:12, the period ends 15 March 09:12.
        var end = new DateTimeOffset(2026, 3, 15, 9, 12, 0, TimeSpan.Zero);
        var limits = new TierLimits(PerHour: 1_000, PerDay: 10_000, PerMonth: 6)
        {
            MonthlyWindow = MonthlyWindow.BillingPeriod,
            PeriodAnchor = new DateTimeOffset(2026, 1, 15, 9, 12, 0, TimeSpan.Zero),
        };
        var limiter = Limiter(instances: 2);

        var decisions = new List<LimitDecision>();
        for (var i = 0; i < 4; i++)
        {
            decisions.Add(await limiter.AcquireAsync("acc_1", "key_1", 1, limits, CancellationToken.None));
        }
        _time.SetUtcNow(end - TimeSpan.FromMilliseconds(1));
        var early = await limiter.AcquireAsync("acc_1", "key_1", 1, limits, CancellationToken.None);
        _time.SetUtcNow(end);
        var next = await limiter.AcquireAsync("acc_1", "key_1", 1, limits, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(d => d.Admitted), Is.EqualTo(new[] { true, true, true, false }), "6 a period over 2 instances");
            Assert.That(decisions[^1].RetryAfter, Is.EqualTo(end - Start), "refused until the period ends");
            Assert.That(decisions[0].Windows[^1].ResetAfter, Is.EqualTo(end - Start));
            Assert.That(early.Admitted, Is.False);
            Assert.That(next.Admitted, Is.True, "a new period, a new share");
            Assert.That(next.Windows[^1].Used, Is.EqualTo(1));
        });
    }

    private LocalSlidingWindowLimiter Limiter(int instances) =>
        new(Options.Create(new LimitsOptions { InstanceCount = instances }), _time);
}
