using Tollgate.SelfService.Contracts;

namespace Tollgate.ConsumerSide.Subscription;

/// <summary>The seed's <c>GET /api/v3/subscription/my-tier</c> answer.</summary>
/// <remarks><c>custom_limits</c> (after the seed's fields) holds the account's own limits and until when; null when the tier's apply.</remarks>
internal sealed record MyTierResponse(string Status, CurrentTier CurrentTier, UsageSummary Usage, CustomLimitsResponse? CustomLimits);
