using Tollgate.SelfService.Contracts;

namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>The account's windows against its tier's limits, and today's total.</summary>
/// <param name="Tier">The tier's name.</param>
/// <param name="TierDisplayName">The tier's name for people.</param>
/// <param name="Windows">Hour, day and month, in that order.</param>
/// <param name="Today">The current UTC day.</param>
/// <param name="TodayTotal">Requests of all keys on that day.</param>
/// <param name="AsOf">When this was read.</param>
/// <param name="CustomLimits">Limits agreed for this account in place of the tier's, and until when; null when the tier's apply.</param>
/// <param name="Overage">Overage so far in the billing period and its price; null when the tier blocks past its allowance.</param>
internal sealed record DashboardUsageResponse(
    string Tier,
    string TierDisplayName,
    IReadOnlyList<WindowUsageResponse> Windows,
    DateOnly Today,
    long TodayTotal,
    DateTimeOffset AsOf,
    CustomLimitsResponse? CustomLimits,
    DashboardOverageResponse? Overage);
