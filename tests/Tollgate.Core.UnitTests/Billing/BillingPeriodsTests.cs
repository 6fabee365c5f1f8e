using Tollgate.Core.Billing;

namespace Tollgate.Core.UnitTests.Billing;

/// <summary>Billing periods as Stripe counts them from the billing cycle anchor: monthly, in UTC, month ends clamped.</summary>
public sealed class BillingPeriodsTests
{
    [TestCase("2026-01-15T09:12:00Z", "2026-03-02T00:00:00Z", "2026-02-15T09:12:00Z")]
    [TestCase("2026-01-15T09:12:00Z", "2026-03-15T09:12:00Z", "2026-03-15T09:12:00Z")] // the period starts exactly at the anchor's time
    [TestCase("2026-01-15T09:12:00Z", "2026-03-15T09:11:59Z", "2026-02-15T09:12:00Z")]
    [TestCase("2026-01-31T00:00:00Z", "2026-02-28T12:00:00Z", "2026-02-28T00:00:00Z")] // 31 Jan clamps to 28 Feb...
    [TestCase("2026-01-31T00:00:00Z", "2026-03-31T12:00:00Z", "2026-03-31T00:00:00Z")] // ...and is 31 again in March, not 28
    [TestCase("2025-12-10T00:00:00Z", "2026-01-09T23:59:59Z", "2025-12-10T00:00:00Z")] // across the year
    public void StartOf_IsTheLatestMonthlyAnniversaryOfTheAnchor_NotAfterNow(string anchor, string now, string expected) =>
        Assert.That(BillingPeriods.StartOf(DateTimeOffset.Parse(anchor), DateTimeOffset.Parse(now)), Is.EqualTo(DateTimeOffset.Parse(expected)));

    [TestCase("2026-01-31T09:12:00Z", "2026-02-10T00:00:00Z", "2026-01-31T09:12:00Z", "2026-02-28T09:12:00Z")] // 28 days
    [TestCase("2028-01-31T09:12:00Z", "2028-02-29T09:12:00Z", "2028-02-29T09:12:00Z", "2028-03-31T09:12:00Z")] // leap year: 29 Feb
    [TestCase("2026-01-15T09:12:00Z", "2026-01-15T09:11:59Z", "2025-12-15T09:12:00Z", "2026-01-15T09:12:00Z")] // before the anchor
    public void Containing_EndsAtTheNextAnniversary(string anchor, string now, string start, string end)
    {
        var period = BillingPeriods.Containing(DateTimeOffset.Parse(anchor), DateTimeOffset.Parse(now));

        Assert.That((period.Start, period.End), Is.EqualTo((DateTimeOffset.Parse(start), DateTimeOffset.Parse(end))));
    }

    [Test]
    public void AfterAndBefore_AreTheNeighbouringPeriods_CountedFromTheAnchor()
    {
        var anchor = DateTimeOffset.Parse("2026-01-31T00:00:00Z");
        var february = BillingPeriods.Containing(anchor, DateTimeOffset.Parse("2026-02-28T00:00:00Z"));

        Assert.Multiple(() =>
        {
            Assert.That(BillingPeriods.After(anchor, february).End, Is.EqualTo(DateTimeOffset.Parse("2026-04-30T00:00:00Z")));
            Assert.That(BillingPeriods.Before(anchor, february).Start, Is.EqualTo(anchor));
        });
    }
}
