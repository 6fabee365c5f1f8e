using Tollgate.Core.Limiting;

namespace Tollgate.SelfService.Contracts;

/// <summary>
/// One sliding window of an account, as every side shows it (the seed's my-tier, the dashboard's gauges, the admin API);
/// the seed's fields first, in its order.
/// </summary>
/// <param name="Used">Requests it counts now.</param>
/// <param name="Limit">Requests it admits.</param>
/// <param name="Remaining">Requests still admitted now.</param>
/// <param name="Percentage">Used as a share of the limit, 0 to 100, one decimal (rounded half away from zero).</param>
/// <param name="ResetSeconds">Seconds until its oldest counted requests leave the window and free capacity; 0 when it counts nothing.</param>
/// <param name="Window">"hour", "day" or "month" (30 days).</param>
/// <param name="WindowSeconds">Its length.</param>
/// <param name="ResetsAt">That moment; null when it counts nothing.</param>
public sealed record WindowUsageResponse(
    long Used,
    long Limit,
    long Remaining,
    double Percentage,
    long ResetSeconds,
    string Window,
    long WindowSeconds,
    DateTimeOffset? ResetsAt)
{
    /// <summary>
    /// The one mapping: a share capped at 100 (a window can count more than its limit after a downgrade, or with a
    /// route's cost) and 100 for a zero limit, one decimal.
    /// </summary>
    public static WindowUsageResponse From(WindowUsage window, DateTimeOffset now)
    {
        var percentage = window.Limit <= 0 ? 100.0 : Math.Min(100.0, 100.0 * window.Used / window.Limit);
        var resetSeconds = (long)Math.Ceiling(window.ResetAfter.TotalSeconds);
        return new WindowUsageResponse(
            window.Used,
            window.Limit,
            window.Remaining,
            Math.Round(percentage, 1, MidpointRounding.AwayFromZero),
            resetSeconds,
            window.Window.Name,
            (long)window.Window.Length.TotalSeconds,
            resetSeconds > 0 ? now.AddSeconds(resetSeconds) : null);
    }
}
