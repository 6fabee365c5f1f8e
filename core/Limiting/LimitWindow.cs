namespace Tollgate.Core.Limiting;

/// <summary>
/// One sliding window: its length and the size of the time buckets its requests are counted in.
/// A bucket that overlaps the window's edge counts whole, so a window may refuse up to one bucket
/// early but never admits more than its limit.
/// </summary>
/// <param name="Name">Policy name used in headers and events: "second", "hour", "day" or "month".</param>
/// <param name="Length">How far back the window reaches.</param>
/// <param name="BucketSize">Granularity of counting; bounds memory to Length / BucketSize + 1 buckets.</param>
public sealed record LimitWindow(string Name, TimeSpan Length, TimeSpan BucketSize)
{
    /// <summary>The name of the window in its Redis keys; default <see cref="Name"/>.</summary>
    public string Key { get; init; } = Name;

    /// <summary>
    /// True for the month of a tier on <see cref="MonthlyWindow.BillingPeriod"/>: not sliding but one fixed window per
    /// billing period of the account (<see cref="TierLimits.BillingPeriodAt"/>), counted in a hash of its own; its
    /// <see cref="Length"/> and <see cref="BucketSize"/> are only nominal (a period is 28 to 31 days).
    /// </summary>
    public bool FollowsBillingPeriod { get; init; }

    /// <summary>True for the month, sliding or billing period: the window that bills overage and that "monthly" names.</summary>
    public bool IsMonth => Name == "month";

    /// <summary>
    /// The burst window of a tier with <c>RequestsPerSecond</c>: one second in 100 ms buckets (at most 11 buckets), so a
    /// client cannot spend its hour in one second. Not in <see cref="All"/>: only limits that name it check it.
    /// </summary>
    public static readonly LimitWindow Second = new("second", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100));

    /// <summary>One hour in one-minute buckets (at most 61 buckets).</summary>
    public static readonly LimitWindow Hour = new("hour", TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));

    /// <summary>One day in fifteen-minute buckets (at most 97 buckets).</summary>
    public static readonly LimitWindow Day = new("day", TimeSpan.FromDays(1), TimeSpan.FromMinutes(15));

    /// <summary>Thirty days in six-hour buckets (at most 121 buckets).</summary>
    public static readonly LimitWindow Month = new("month", TimeSpan.FromDays(30), TimeSpan.FromHours(6));

    /// <summary>
    /// The month of a tier on <see cref="MonthlyWindow.BillingPeriod"/>: named "month" wherever users see it, but kept
    /// under keys of its own ("period"), so switching a tier between the two kinds of month never reads one as the other.
    /// </summary>
    public static readonly LimitWindow BillingPeriod = new("month", TimeSpan.FromDays(30), TimeSpan.FromDays(30))
    {
        Key = "period",
        FollowsBillingPeriod = true,
    };

    /// <summary>The three windows every tier is limited by, shortest first (<see cref="TierLimits.Windows"/> adds the burst window).</summary>
    public static readonly IReadOnlyList<LimitWindow> All = [Hour, Day, Month];
}
