using System.Globalization;
using Tollgate.Core.Limiting;

namespace Tollgate.Core.UnitTests.Limiting;

public sealed class SlidingWindowScriptTests
{
    private static readonly TierLimits Limits = new(60, 1_000, 10_000);

    private static readonly TimeSpan Admit = TimeSpan.Zero;

    [Test]
    public void Arguments_RequestsOfSeveralKeysAndCosts_TravelAsRunsInArrivalOrder()
    {
        var args = SlidingWindowScript.Arguments(enforce: true, deadline: 7, Limits,
            [("key_a", 1), ("key_a", 1), ("key_b", 1), ("key_a", 1), ("key_a", 5)]);

        Assert.That(args.Skip(16 + 2 + 12).Select(a => a.ToString()),
            Is.EqualTo(new[] { "key_a", "2", "1", "key_b", "1", "1", "key_a", "1", "1", "key_a", "1", "5" }));
    }

    [Test]
    public void Arguments_Header_TtlEnforceDeadlineOverageNoLeaseAlertsAndWindows_NoTime()
    {
        // No `now`: the windows run on Redis's clock, whatever the caller's says.
        var args = SlidingWindowScript.Arguments(enforce: false, deadline: 7, Limits, []);

        Assert.That(args.Select(a => a.ToString()), Is.EqualTo(new[]
        {
            "7776000", "0", "7", "3", "0", "-1", "0", "0", "0", "0", "0", "", "0", "0", "", "2", "80", "100",
            "hour", "60", "3600000", "60000",
            "day", "1000", "86400000", "900000",
            "month", "10000", "2592000000", "21600000",
        }));
    }

    [Test]
    public void Arguments_BurstAndBilledOverage_SecondWindowFirstAndTheMonthBills()
    {
        var limits = Limits with { PerSecond = 5, Overage = OverageMode.Bill, OverageCap = 500, UsageAlerts = [] };

        var args = SlidingWindowScript.Arguments(enforce: true, deadline: 0, limits, []);

        Assert.That(args.Select(a => a.ToString()), Is.EqualTo(new[]
        {
            "7776000", "1", "0", "4", "4", "500", "0", "0", "0", "0", "0", "", "0", "0", "", "0",
            "second", "5", "1000", "100",
            "hour", "60", "3600000", "60000",
            "day", "1000", "86400000", "900000",
            "month", "10000", "2592000000", "21600000",
        }));
    }

    [Test]
    public void Arguments_MonthOnTheBillingPeriod_SendsTheEndsOfFourPeriodsAroundNowClampedAtMonthEnds()
    {
        // Anchor 31 Jan 09:12: periods start 31 Dec, 31 Jan, 28 Feb, 31 Mar (each counted from the anchor, clamped to 28 Feb).
        var anchor = DateTimeOffset.Parse("2026-01-31T09:12:00Z", CultureInfo.InvariantCulture);
        var limits = Limits with { MonthlyWindow = MonthlyWindow.BillingPeriod, PeriodAnchor = anchor, UsageAlerts = [] };

        var args = SlidingWindowScript.Arguments(enforce: true, deadline: 0, limits, [], DateTimeOffset.Parse("2026-02-10T00:00:00Z", CultureInfo.InvariantCulture));

        Assert.That(args.Skip(6).Take(5).Select(a => (long)a), Is.EqualTo(new[]
        {
            3,
            Ms("2025-12-31T09:12:00Z"),
            Ms("2026-01-31T09:12:00Z"),
            Ms("2026-02-28T09:12:00Z"),
            Ms("2026-03-31T09:12:00Z"),
        }), "the period before, the current one (31 Jan to 28 Feb) and the one after");
    }

    [Test]
    public void Arguments_BillingPeriodWithoutAnEstimateOfNow_Throws() =>
        Assert.That(() => SlidingWindowScript.Arguments(enforce: true, deadline: 0,
            Limits with { MonthlyWindow = MonthlyWindow.BillingPeriod, PeriodAnchor = DateTimeOffset.UnixEpoch }, []), Throws.ArgumentException);

    private static long Ms(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [Test]
    public void Decisions_BatchPartlyAdmitted_NumbersTheAdmittedAndReportsTheRestFull()
    {
        // 58 counted before; the call of 4 admitted 2, and one more fits in 30 s.
        var wait = TimeSpan.FromSeconds(30);
        var result = new SlidingWindowResult(false, 2, [Admit, Admit, wait, wait], 0,
            [new(58, TimeSpan.FromMinutes(5)), new(58, TimeSpan.FromHours(1)), new(58, TimeSpan.FromDays(1))]);

        var decisions = result.Decisions([1, 1, 1, 1], Limits, LimitsMode.Enforce);

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(d => d.Admitted), Is.EqualTo(new[] { true, true, false, false }));
            Assert.That(decisions.Select(d => d.Windows[0].Used), Is.EqualTo(new long[] { 59, 60, 60, 60 }));
            Assert.That(decisions.Select(d => d.RetryAfter), Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.Zero, wait, wait }));
            Assert.That(decisions.Select(d => d.Refuses), Is.EqualTo(new[] { false, false, true, true }));
        });
    }

    [Test]
    public void Decisions_CheapRequestBehindARefusedDearOne_IsCountedWithItsOwnUnits()
    {
        // 55 counted before; a cost-5 request fits, a cost-5 one does not, a cost-1 one still does.
        var result = new SlidingWindowResult(false, 2, [Admit, TimeSpan.FromSeconds(9), Admit], 0,
            [new(50, TimeSpan.FromMinutes(5)), new(50, TimeSpan.FromHours(1)), new(50, TimeSpan.FromDays(1))]);

        var decisions = result.Decisions([5, 6, 1], Limits, LimitsMode.Enforce);

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(d => d.Admitted), Is.EqualTo(new[] { true, false, true }));
            Assert.That(decisions.Select(d => d.Windows[0].Used), Is.EqualTo(new long[] { 55, 55, 56 }));
            Assert.That(decisions.Select(d => d.Cost), Is.EqualTo(new[] { 5, 6, 1 }));
        });
    }

    [Test]
    public void Decisions_ShadowMode_CountsEveryRequestButSaysWhichEnforcingWouldRefuse()
    {
        var wait = TimeSpan.FromSeconds(30);
        var result = new SlidingWindowResult(false, 1, [Admit, wait, wait], 0,
            [new(59, TimeSpan.FromMinutes(5)), new(59, TimeSpan.FromHours(1)), new(59, TimeSpan.FromDays(1))]);

        var decisions = result.Decisions([1, 1, 1], Limits, LimitsMode.Shadow);

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(d => d.Admitted), Is.EqualTo(new[] { true, false, false }));
            Assert.That(decisions.Select(d => d.Windows[0].Used), Is.EqualTo(new long[] { 60, 61, 62 }));
            Assert.That(decisions.Select(d => d.ShadowLimited), Is.EqualTo(new[] { false, true, true }), "the decision says it was made in shadow mode");
            Assert.That(decisions.Select(d => d.Refuses), Is.All.False, "so nothing downstream refuses it");
        });
    }

    [Test]
    public void Decisions_BilledMonthPastItsLimit_SaysWhichUnitsAreOverage()
    {
        var limits = new TierLimits(100, 1_000, 10) { Overage = OverageMode.Bill };
        var result = new SlidingWindowResult(false, 2, [Admit, Admit], 0,
            [new(8, TimeSpan.FromMinutes(5)), new(8, TimeSpan.FromHours(1)), new(8, TimeSpan.FromDays(1))]);

        var decisions = result.Decisions([1, 3], limits, LimitsMode.Enforce);

        Assert.That(decisions.Select(d => d.OverageUnits), Is.EqualTo(new long[] { 0, 2 }), "9 of 10, then 12: two past the limit");
    }
}
