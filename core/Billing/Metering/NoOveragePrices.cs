using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing.Metering;

/// <summary>Every tier blocks past its allowance (<c>Overage: Block</c>, the default): nothing is billed as overage.</summary>
internal sealed class NoOveragePrices : IOveragePrices
{
    public decimal? UnitPricePer1000(Tier tier) => null;
}
