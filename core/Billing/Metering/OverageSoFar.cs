namespace Tollgate.Core.Billing.Metering;

/// <summary>An account's overage in its current billing period, and what it comes to.</summary>
/// <param name="Units">Overage requests in the period: reported to the provider, being reported, and still pending.</param>
/// <param name="UnitPricePer1000">The tier's price per 1,000 overage requests (USD).</param>
/// <param name="Amount">What the units come to (USD, rounded to the cent); the provider's invoice is the word on it.</param>
/// <param name="PeriodStart">When the billing period began (the period anchor's monthly anniversary).</param>
public sealed record OverageSoFar(long Units, decimal UnitPricePer1000, decimal Amount, DateTimeOffset PeriodStart);
