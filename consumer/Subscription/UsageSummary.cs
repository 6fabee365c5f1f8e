using Tollgate.SelfService.Contracts;

namespace Tollgate.ConsumerSide.Subscription;

/// <summary>The three windows of the seed's <c>my-tier</c> answer.</summary>
internal sealed record UsageSummary(WindowUsageResponse Hourly, WindowUsageResponse Daily, WindowUsageResponse Monthly)
{
    /// <summary>From hour, day and month, in that order.</summary>
    public static UsageSummary From(IReadOnlyList<WindowUsageResponse> windows) => new(windows[0], windows[1], windows[2]);
}
