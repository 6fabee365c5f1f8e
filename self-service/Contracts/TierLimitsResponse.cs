namespace Tollgate.SelfService.Contracts;

/// <summary>Requests a tier admits per sliding window.</summary>
/// <param name="PerHour">In any sliding hour.</param>
/// <param name="PerDay">In any sliding day.</param>
/// <param name="PerMonth">In any sliding 30 days.</param>
public sealed record TierLimitsResponse(long PerHour, long PerDay, long PerMonth);
