using Tollgate.Core.Billing;
using Tollgate.Core.Limiting;

namespace Tollgate.SelfService.Contracts;

/// <summary>
/// One window of an account (sliding, or the month of the billing period), as every side shows it (the seed's my-tier, the dashboard's gauges, the admin API);
/// the seed's fields first, in its order.
/// </summary>
/// <param name="Used">Requests it counts now.</param>
/// <param name="Limit">Requests it admits.</param>
/// <param name="Remaining">Requests still admitted now.</param>
/// <param name="Percentage">Used as a share of the limit, 0 to 100, one decimal (rounded half away from zero).</param>
/// <param name="ResetSeconds">
/// Seconds until its oldest counted requests leave the window and free capacity; 0 when it counts nothing. For a
/// billing-period month: until the period ends and the count starts again at zero.
/// </param>
/// <param name="Window">"hour", "day" or "month".</param>
/// <param name="WindowSeconds">Its length (a billing period's: 28 to 31 days).</param>
/// <param name="ResetsAt">That moment; null when it counts nothing. For a billing-period month: exactly the period's end, always.</param>
/// <param name="Kind">"sliding" (the month: any 30 days) or "billing_period" (the month from the account's period anchor).</param>
public sealed record WindowUsageResponse(
    long Used,
    long Limit,
    long Remaining,
    double Percentage,
    long ResetSeconds,
    string Window,
    long WindowSeconds,
    DateTimeOffset? ResetsAt,
    string Kind)
{
    /// <summary><see cref="Kind"/> of every sliding window.</summary>
    public const string Sliding = "sliding";

    /// <summary><see cref="Kind"/> of a month that follows the account's billing period.</summary>
    public const string BillingPeriodKind = "billing_period";

    /// <summary>
    /// The one mapping: a share capped at 100 (a window can count more than its limit after a downgrade, or with a
    /// route's cost) and 100 for a zero limit, one decimal.
    /// </summary>
    /// <param name="window">The window as the limiter reported it.</param>
    /// <param name="now">This process's time.</param>
    /// <param name="period">For a billing-period month: the period it counts (its end is the exact reset); else null.</param>
    public static WindowUsageResponse From(WindowUsage window, DateTimeOffset now, BillingPeriod? period = null)
    {
        var percentage = window.Limit <= 0 ? 100.0 : Math.Min(100.0, 100.0 * window.Used / window.Limit);
        var resetSeconds = (long)Math.Ceiling(window.ResetAfter.TotalSeconds);
        // A billing-period month resets at its period's end and is as long as that period; a sliding window from now.
        var current = window.Window.FollowsBillingPeriod ? period : null;
        return new WindowUsageResponse(
            window.Used,
            window.Limit,
            window.Remaining,
            Math.Round(percentage, 1, MidpointRounding.AwayFromZero),
            resetSeconds,
            window.Window.Name,
            (long)(current?.Length ?? window.Window.Length).TotalSeconds,
            current?.End ?? (resetSeconds > 0 ? now.AddSeconds(resetSeconds) : null),
            current is null ? Sliding : BillingPeriodKind);
    }
}
