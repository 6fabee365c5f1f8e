using Tollgate.SelfService.Contracts;

namespace Tollgate.ConsumerSide.Subscription;

/// <summary>The seed's <c>GET /api/v3/subscription/my-tier</c> answer.</summary>
internal sealed record MyTierResponse(string Status, CurrentTier CurrentTier, UsageSummary Usage);
