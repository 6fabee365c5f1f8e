using Tollgate.Core.Limiting;

namespace Tollgate.Core.UnitTests.Limiting;

public sealed class SlidingWindowScriptTests
{
    private static readonly TierLimits Limits = new(60, 1_000, 10_000);

    [Test]
    public void Arguments_RequestsOfSeveralKeys_TravelAsRunsInArrivalOrder()
    {
        var args = SlidingWindowScript.Arguments(enforce: true, deadline: 7, Limits, ["key_a", "key_a", "key_b", "key_a"]);

        Assert.That(args.Skip(13).Select(a => a.ToString()), Is.EqualTo(new[] { "key_a", "2", "key_b", "1", "key_a", "1" }));
    }

    [Test]
    public void Arguments_Header_TtlEnforceDeadlineAndWindows_NoTime()
    {
        // No `now`: the windows run on Redis's clock, whatever the caller's says.
        var args = SlidingWindowScript.Arguments(enforce: false, deadline: 7, Limits, []);

        Assert.That(args.Select(a => (long)a), Is.EqualTo(new long[]
        {
            7_776_000, 0, 7, 3,
            60, 3_600_000, 60_000,
            1_000, 86_400_000, 900_000,
            10_000, 2_592_000_000, 21_600_000,
        }));
    }

    [Test]
    public void DecisionFor_BatchPartlyAdmitted_NumbersTheAdmittedAndReportsTheRestFull()
    {
        // 58 counted before; the call of 4 admitted 2, and one more fits in 30 s.
        var result = new SlidingWindowResult(false, 2, TimeSpan.FromSeconds(30), 0,
            [new(58, TimeSpan.FromMinutes(5)), new(58, TimeSpan.FromHours(1)), new(58, TimeSpan.FromDays(1))]);

        var decisions = Enumerable.Range(0, 4).Select(i => result.DecisionFor(i, Limits, LimitsMode.Enforce)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(d => d.Admitted), Is.EqualTo(new[] { true, true, false, false }));
            Assert.That(decisions.Select(d => d.Windows[0].Used), Is.EqualTo(new long[] { 59, 60, 60, 60 }));
            Assert.That(decisions.Select(d => d.RetryAfter), Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30) }));
            Assert.That(decisions.Select(d => d.Refuses), Is.EqualTo(new[] { false, false, true, true }));
        });
    }

    [Test]
    public void DecisionFor_ShadowMode_CountsEveryRequestButSaysWhichEnforcingWouldRefuse()
    {
        var result = new SlidingWindowResult(false, 1, TimeSpan.FromSeconds(30), 0,
            [new(59, TimeSpan.FromMinutes(5)), new(59, TimeSpan.FromHours(1)), new(59, TimeSpan.FromDays(1))]);

        var decisions = Enumerable.Range(0, 3).Select(i => result.DecisionFor(i, Limits, LimitsMode.Shadow)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(d => d.Admitted), Is.EqualTo(new[] { true, false, false }));
            Assert.That(decisions.Select(d => d.Windows[0].Used), Is.EqualTo(new long[] { 60, 61, 62 }));
            Assert.That(decisions.Select(d => d.ShadowLimited), Is.EqualTo(new[] { false, true, true }), "the decision says it was made in shadow mode");
            Assert.That(decisions.Select(d => d.Refuses), Is.All.False, "so nothing downstream refuses it");
        });
    }
}
