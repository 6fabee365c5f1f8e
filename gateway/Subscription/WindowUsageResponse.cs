using Tollgate.Core.Limiting;

namespace Tollgate.Gateway.Subscription;

/// <summary>One window's use in the seed's shape, plus when capacity next frees up.</summary>
/// <param name="Used">Requests counted in the window.</param>
/// <param name="Limit">Requests the tier admits in it.</param>
/// <param name="Remaining">Requests still admitted now.</param>
/// <param name="Percentage">Used as a percentage of the limit, one decimal.</param>
/// <param name="ResetSeconds">Seconds until the oldest counted requests leave the window (0 when none are counted).</param>
internal sealed record WindowUsageResponse(long Used, long Limit, long Remaining, double Percentage, long ResetSeconds)
{
    public static WindowUsageResponse From(WindowUsage usage) => new(
        usage.Used,
        usage.Limit,
        usage.Remaining,
        Math.Round(100.0 * usage.Used / usage.Limit, 1),
        (long)Math.Ceiling(usage.ResetAfter.TotalSeconds));
}
