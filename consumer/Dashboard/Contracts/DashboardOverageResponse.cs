using System.Text.Json.Serialization;

namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>Requests past the monthly allowance in the current billing period, billed at the tier's overage price.</summary>
/// <param name="Units">Overage requests so far in the period.</param>
/// <param name="UnitPricePer1000">USD per 1,000 overage requests.</param>
/// <param name="Amount">What they come to so far (USD).</param>
/// <param name="PeriodStart">When the billing period began.</param>
internal sealed record DashboardOverageResponse(
    long Units,
    [property: JsonPropertyName("unit_price_per_1000")] decimal UnitPricePer1000, // the naming policy alone would write "per1000"
    decimal Amount,
    DateTimeOffset PeriodStart);
