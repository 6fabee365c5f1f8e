using Tollgate.Core.Limiting;

namespace Tollgate.SelfService.Contracts;

/// <summary>A tier's <see cref="MonthlyWindow"/> on the wire: <c>sliding_30_days</c> or <c>billing_period</c>.</summary>
public static class MonthlyWindowText
{
    public static string Of(MonthlyWindow window) => window == MonthlyWindow.BillingPeriod ? "billing_period" : "sliding_30_days";
}
