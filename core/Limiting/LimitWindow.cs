namespace Tollgate.Core.Limiting;

/// <summary>
/// One sliding window: its length and the size of the time buckets its requests are counted in.
/// A bucket that overlaps the window's edge counts whole, so a window may refuse up to one bucket
/// early but never admits more than its limit.
/// </summary>
/// <param name="Name">Policy name used in headers, events and Redis keys: "second", "hour", "day" or "month".</param>
/// <param name="Length">How far back the window reaches.</param>
/// <param name="BucketSize">Granularity of counting; bounds memory to Length / BucketSize + 1 buckets.</param>
public sealed record LimitWindow(string Name, TimeSpan Length, TimeSpan BucketSize)
{
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

    /// <summary>The three windows every tier is limited by, shortest first (<see cref="TierLimits.Windows"/> adds the burst window).</summary>
    public static readonly IReadOnlyList<LimitWindow> All = [Hour, Day, Month];
}
