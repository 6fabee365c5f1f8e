namespace Tollgate.AdminApi.Dashboard.Contracts;

/// <summary>One sliding window as a gauge.</summary>
/// <param name="Window">"hour", "day" or "month" (30 days).</param>
/// <param name="WindowSeconds">Its length.</param>
/// <param name="Used">Requests it counts now.</param>
/// <param name="Limit">Requests it admits (the tier's limit).</param>
/// <param name="Remaining">Requests still admitted now.</param>
/// <param name="Percentage">Used as a share of the limit, 0 to 100, one decimal.</param>
/// <param name="ResetSeconds">Seconds until its oldest counted requests leave the window and free capacity; 0 when it counts nothing.</param>
/// <param name="ResetsAt">That moment; null when it counts nothing.</param>
internal sealed record UsageGaugeResponse(
    string Window,
    long WindowSeconds,
    long Used,
    long Limit,
    long Remaining,
    double Percentage,
    long ResetSeconds,
    DateTimeOffset? ResetsAt);
