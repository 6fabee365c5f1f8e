namespace Tollgate.Core.Limiting;

/// <summary>What a tier's month window is (<c>Tiers:&lt;name&gt;:MonthlyWindow</c>).</summary>
public enum MonthlyWindow
{
    /// <summary>Any 30 days, sliding (the default): a request leaves the month 30 days after it was counted.</summary>
    Sliding30Days,

    /// <summary>
    /// The account's billing period: one fixed window from its period anchor (Stripe's billing cycle anchor, else the
    /// account's creation) to the same instant a month later, in UTC; it resets to zero exactly then.
    /// </summary>
    BillingPeriod,
}
