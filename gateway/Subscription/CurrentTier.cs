using Tollgate.Core.Tiers;

namespace Tollgate.Gateway.Subscription;

/// <summary>The caller's tier in the seed's <c>my-tier</c> answer.</summary>
internal sealed record CurrentTier(string Name, string DisplayName, decimal PriceMonthly)
{
    public static CurrentTier From(Tier tier) => new(tier.Name, tier.DisplayName, tier.PriceMonthly);
}
