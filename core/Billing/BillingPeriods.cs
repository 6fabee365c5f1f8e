namespace Tollgate.Core.Billing;

/// <summary>Billing periods as Stripe counts them: monthly from an anchor, in UTC, a month-end anchor clamped to shorter months.</summary>
public static class BillingPeriods
{
    /// <summary>The start of the billing period that holds <paramref name="now"/>, for periods monthly from <paramref name="anchor"/>.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset anchor, DateTimeOffset now) => Containing(anchor, now).Start;

    /// <summary>The billing period that holds <paramref name="now"/>, for periods monthly from <paramref name="anchor"/>.</summary>
    public static BillingPeriod Containing(DateTimeOffset anchor, DateTimeOffset now)
    {
        anchor = anchor.ToUniversalTime();
        now = now.ToUniversalTime();
        var months = MonthsFromAnchor(anchor, now);
        return new BillingPeriod(anchor.AddMonths(months), anchor.AddMonths(months + 1));
    }

    /// <summary>The period right after <paramref name="period"/> (one of <paramref name="anchor"/>'s).</summary>
    public static BillingPeriod After(DateTimeOffset anchor, BillingPeriod period) => Containing(anchor, period.End);

    /// <summary>The period right before <paramref name="period"/> (one of <paramref name="anchor"/>'s).</summary>
    public static BillingPeriod Before(DateTimeOffset anchor, BillingPeriod period) => Containing(anchor, period.Start.AddTicks(-1));

    // Periods are always counted from the anchor itself (31 Jan, 28 Feb, 31 Mar), never month to month, or a clamped day
    // would stick. The number of whole periods between the anchor and now (negative before the anchor).
    private static int MonthsFromAnchor(DateTimeOffset anchor, DateTimeOffset now)
    {
        var months = ((now.Year - anchor.Year) * 12) + now.Month - anchor.Month;
        while (anchor.AddMonths(months) > now)
        {
            months--;
        }
        while (anchor.AddMonths(months + 1) <= now)
        {
            months++;
        }
        return months;
    }
}
