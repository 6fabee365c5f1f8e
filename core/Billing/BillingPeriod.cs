namespace Tollgate.Core.Billing;

/// <summary>One billing period, [<paramref name="Start"/>, <paramref name="End"/>) in UTC.</summary>
/// <param name="Start">The first instant of the period (an anniversary of the anchor).</param>
/// <param name="End">The first instant of the next period.</param>
public readonly record struct BillingPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The period's length: 28 to 31 whole days.</summary>
    public TimeSpan Length => End - Start;
}
