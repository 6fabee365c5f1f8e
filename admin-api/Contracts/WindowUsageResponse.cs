namespace Tollgate.AdminApi.Contracts;

/// <summary>One sliding window of an account.</summary>
/// <param name="Used">Requests it counts now.</param>
/// <param name="Limit">Requests it admits.</param>
/// <param name="Remaining">Requests still admitted now.</param>
/// <param name="Percentage">Used as a share of the limit, 0 to 100, one decimal.</param>
/// <param name="ResetSeconds">Seconds until its oldest counted requests leave the window and free capacity; 0 when it counts nothing.</param>
internal sealed record WindowUsageResponse(long Used, long Limit, long Remaining, double Percentage, long ResetSeconds);
