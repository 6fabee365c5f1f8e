using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing.Metering;

/// <summary>
/// What a tier charges for overage: its <c>UnitPrice</c> per 1,000 requests when it bills overage (<c>Overage: Bill</c>), else null.
/// The tier catalogue's overage options answer it; the dashboard shows the overage so far at that price.
/// </summary>
public interface IOveragePrices
{
    /// <summary>USD per 1,000 overage requests on <paramref name="tier"/>; null when the tier blocks instead of billing.</summary>
    decimal? UnitPricePer1000(Tier tier);
}
