using Tollgate.SelfService.Contracts;

namespace Tollgate.ConsumerSide.Subscription;

/// <summary>The seed's <c>GET /api/v3/subscription/my-tier</c> answer.</summary>
/// <remarks>
/// After the seed's fields: <c>custom_limits</c> holds the account's own limits and until when (null when the tier's apply);
/// <c>requests_per_second</c> the tier's burst window (null when none) and <c>overage</c> what the tier does past its monthly limit.
/// </remarks>
internal sealed record MyTierResponse(
    string Status, CurrentTier CurrentTier, UsageSummary Usage, CustomLimitsResponse? CustomLimits, long? RequestsPerSecond, TierOverageResponse Overage);
