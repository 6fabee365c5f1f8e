using System.Text.Json.Serialization;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;

namespace Tollgate.SelfService.Contracts;

/// <summary>What a tier does past its monthly limit (<c>Tiers:&lt;name&gt;:Overage</c>, <c>UnitPrice</c>, <c>Cap</c>).</summary>
/// <param name="Mode">"block": refused like any window; "bill": admitted up to the cap and billed.</param>
/// <param name="UnitPricePer1000">With "bill": USD per 1,000 overage units; null with "block".</param>
/// <param name="Cap">With "bill": most overage units in the month window; null when there is no cap, and with "block".</param>
public sealed record TierOverageResponse(
    string Mode,
    [property: JsonPropertyName("unit_price_per_1000")] decimal? UnitPricePer1000, // the naming policy alone would write "per1000"
    long? Cap)
{
    public static TierOverageResponse From(Tier tier) => tier.Limits.Overage == OverageMode.Bill
        ? new("bill", tier.OverageUnitPrice, tier.Limits.OverageCap)
        : new("block", null, null);
}
