using Tollgate.SelfService.Contracts;

namespace Tollgate.ConsumerSide.Subscription;

/// <summary>The three windows of the seed's <c>my-tier</c> answer.</summary>
internal sealed record UsageSummary(WindowUsageResponse Hourly, WindowUsageResponse Daily, WindowUsageResponse Monthly)
{
    /// <summary>From the account's windows, by name: a tier with a burst limit lists its second window first.</summary>
    public static UsageSummary From(IReadOnlyList<WindowUsageResponse> windows) =>
        new(Named(windows, "hour"), Named(windows, "day"), Named(windows, "month"));

    private static WindowUsageResponse Named(IReadOnlyList<WindowUsageResponse> windows, string name) => windows.Single(w => w.Window == name);
}
