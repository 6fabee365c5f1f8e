using Tollgate.Core.Limiting;

namespace Tollgate.Gateway.Subscription;

/// <summary>The three windows of the seed's <c>my-tier</c> answer.</summary>
internal sealed record UsageSummary(WindowUsageResponse Hourly, WindowUsageResponse Daily, WindowUsageResponse Monthly)
{
    public static UsageSummary From(LimitDecision decision) => new(
        WindowUsageResponse.From(decision.Windows[0]),
        WindowUsageResponse.From(decision.Windows[1]),
        WindowUsageResponse.From(decision.Windows[2]));
}
