namespace Tollgate.Core.Billing;

/// <summary>Billing periods as Stripe counts them: monthly from an anchor, in UTC, a month-end anchor clamped to shorter months.</summary>
public static class BillingPeriods
{
    /// <summary>The start of the billing period that holds <paramref name="now"/>, for periods monthly from <paramref name="anchor"/>.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset anchor, DateTimeOffset now)
    {
        anchor = anchor.ToUniversalTime();
        now = now.ToUniversalTime();
        // Always counted from the anchor itself (31 Jan, 28 Feb, 31 Mar), never month to month, or a clamped day would stick.
        var months = ((now.Year - anchor.Year) * 12) + now.Month - anchor.Month;
        var start = anchor.AddMonths(months);
        while (start > now)
        {
            start = anchor.AddMonths(--months);
        }
        return start;
    }
}
