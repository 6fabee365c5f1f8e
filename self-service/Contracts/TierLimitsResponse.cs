using Tollgate.Core.Limiting;

namespace Tollgate.SelfService.Contracts;

/// <summary>Requests a tier admits per sliding window.</summary>
/// <param name="PerHour">In any sliding hour.</param>
/// <param name="PerDay">In any sliding day.</param>
/// <param name="PerMonth">In any sliding 30 days.</param>
public sealed record TierLimitsResponse(long PerHour, long PerDay, long PerMonth)
{
    /// <summary>In any sliding second (the burst window, <c>RequestsPerSecond</c>); null when the tier has none.</summary>
    public long? PerSecond { get; init; }

    public static TierLimitsResponse From(TierLimits limits) =>
        new(limits.PerHour, limits.PerDay, limits.PerMonth) { PerSecond = limits.PerSecond };
}
