using Tollgate.Core.Tiers;

namespace Tollgate.SelfService.Contracts;

/// <summary>A tier by name, with its name for people and its price.</summary>
public sealed record CurrentTier(string Name, string DisplayName, decimal PriceMonthly)
{
    public static CurrentTier From(Tier tier) => new(tier.Name, tier.DisplayName, tier.PriceMonthly);
}
