using Tollgate.Core.Accounts;

namespace Tollgate.SelfService.Contracts;

/// <summary>
/// Limits agreed for one account in place of its tier's, as every side shows them (admin API, my-tier, the dashboard); a
/// null value is the tier's.
/// </summary>
/// <param name="RequestsPerHour">Per sliding hour.</param>
/// <param name="RequestsPerDay">Per sliding day.</param>
/// <param name="RequestsPerMonth">Per sliding 30 days.</param>
/// <param name="MaxKeys">Most active keys.</param>
/// <param name="Features">Features reachable, in place of the tier's.</param>
/// <param name="ExpiresAt">When the tier's limits apply again; null = until removed.</param>
public sealed record CustomLimitsResponse(
    long? RequestsPerHour,
    long? RequestsPerDay,
    long? RequestsPerMonth,
    int? MaxKeys,
    IReadOnlyList<string>? Features,
    DateTimeOffset? ExpiresAt)
{
    /// <summary>The answer for <paramref name="limits"/>; null when the account has none that apply.</summary>
    public static CustomLimitsResponse? From(LimitOverride? limits) => limits is null
        ? null
        : new(limits.PerHour, limits.PerDay, limits.PerMonth, limits.MaxKeys, limits.Features, limits.ExpiresAt);
}
