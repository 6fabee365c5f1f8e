using Tollgate.SelfService.Contracts;

namespace Tollgate.AdminApi.Contracts;

/// <summary>An account's usage now: its three windows and today's requests per key.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Tier">Its tier, whose limits apply unless the account has its own.</param>
/// <param name="Windows">"hour", "day" and "month" (30 days), each sliding.</param>
/// <param name="Today">Requests admitted today (UTC), per key.</param>
/// <param name="CustomLimits">The account's own limits (the windows' limits include them) and until when; null when the tier's apply.</param>
internal sealed record UsageResponse(
    string AccountId,
    string Tier,
    IReadOnlyDictionary<string, WindowUsageResponse> Windows,
    TodayUsageResponse Today,
    CustomLimitsResponse? CustomLimits);
