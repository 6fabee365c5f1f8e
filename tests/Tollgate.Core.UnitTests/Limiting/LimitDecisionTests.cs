using Tollgate.Core.Limiting;

namespace Tollgate.Core.UnitTests.Limiting;

public sealed class LimitDecisionTests
{
    [Test]
    public void Tightest_DayHasFewestLeft_ReturnsDay()
    {
        var decision = Decision(hourUsed: 10, dayUsed: 997, monthUsed: 5_000);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Tightest.Window, Is.EqualTo(LimitWindow.Day));
            Assert.That(decision.Tightest.Remaining, Is.EqualTo(3));
        });
    }

    [Test]
    public void Tightest_MonthHasFewestLeft_ReturnsMonth() =>
        Assert.That(Decision(hourUsed: 0, dayUsed: 0, monthUsed: 9_999).Tightest.Window, Is.EqualTo(LimitWindow.Month));

    [Test]
    public void Tightest_TieBetweenWindows_ReturnsShorterWindow()
    {
        // 50 left in each window.
        var decision = Decision(hourUsed: 10, dayUsed: 950, monthUsed: 9_950);

        Assert.That(decision.Tightest.Window, Is.EqualTo(LimitWindow.Hour));
    }

    [Test]
    public void Tightest_TieBetweenDayAndMonth_ReturnsDay() =>
        Assert.That(Decision(hourUsed: 0, dayUsed: 1_000, monthUsed: 10_000).Tightest.Window, Is.EqualTo(LimitWindow.Day));

    [Test]
    public void Remaining_UsedAboveLimit_IsZero()
    {
        // A tier lowered under current usage: more counted than the new limit allows.
        var usage = new WindowUsage(LimitWindow.Hour, Limit: 60, Used: 75, TimeSpan.FromMinutes(5));

        Assert.That(usage.Remaining, Is.Zero);
    }

    [Test]
    public void For_WindowIndex_FollowsOrderOfAllWindows()
    {
        var limits = new TierLimits(1, 2, 3);

        Assert.Multiple(() =>
        {
            Assert.That(LimitWindow.All, Is.EqualTo(new[] { LimitWindow.Hour, LimitWindow.Day, LimitWindow.Month }));
            Assert.That(Enumerable.Range(0, 3).Select(limits.For), Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(() => limits.For(3), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void Windows_Always_SplitEvenlyIntoBoundedBuckets()
    {
        // Memory per account is bounded by Length / BucketSize + 1 buckets per window.
        Assert.Multiple(() =>
        {
            foreach (var window in LimitWindow.All)
            {
                Assert.That(window.Length.Ticks % window.BucketSize.Ticks, Is.Zero, window.Name);
                Assert.That(window.Length / window.BucketSize, Is.LessThanOrEqualTo(120), window.Name);
            }
            Assert.That(LimitWindow.Month.Length, Is.EqualTo(TimeSpan.FromDays(30)));
        });
    }

    private static LimitDecision Decision(long hourUsed, long dayUsed, long monthUsed) =>
        new(true, TimeSpan.Zero,
        [
            new WindowUsage(LimitWindow.Hour, 60, hourUsed, TimeSpan.FromMinutes(1)),
            new WindowUsage(LimitWindow.Day, 1_000, dayUsed, TimeSpan.FromHours(1)),
            new WindowUsage(LimitWindow.Month, 10_000, monthUsed, TimeSpan.FromDays(1)),
        ]);
}
