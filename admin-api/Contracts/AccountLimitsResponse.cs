using Tollgate.SelfService.Contracts;

namespace Tollgate.AdminApi.Contracts;

/// <summary>The limits that apply to an account now: its tier's merged with its own.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Tier">Its tier.</param>
/// <param name="Limits">Requests admitted per sliding hour, day and month, as the gateways apply them.</param>
/// <param name="MaxKeys">Most active keys.</param>
/// <param name="Features">Features its keys may reach.</param>
/// <param name="CustomLimits">The account's own limits and until when; null when the tier's apply.</param>
internal sealed record AccountLimitsResponse(
    string AccountId,
    string Tier,
    TierLimitsResponse Limits,
    int MaxKeys,
    IReadOnlyList<string> Features,
    CustomLimitsResponse? CustomLimits);
