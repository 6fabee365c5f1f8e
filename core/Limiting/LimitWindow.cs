namespace Tollgate.Core.Limiting;

/// <summary>
/// One sliding window: its length and the size of the time buckets its requests are counted in.
/// A bucket that overlaps the window's edge counts whole, so a window may refuse up to one bucket
/// early but never admits more than its limit.
/// </summary>
/// <param name="Name">Policy name used in headers and Redis keys: "hour", "day" or "month".</param>
/// <param name="Length">How far back the window reaches.</param>
/// <param name="BucketSize">Granularity of counting; bounds memory to Length / BucketSize + 1 buckets.</param>
public sealed record LimitWindow(string Name, TimeSpan Length, TimeSpan BucketSize)
{
    /// <summary>One hour in one-minute buckets (at most 61 buckets).</summary>
    public static readonly LimitWindow Hour = new("hour", TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));

    /// <summary>One day in fifteen-minute buckets (at most 97 buckets).</summary>
    public static readonly LimitWindow Day = new("day", TimeSpan.FromDays(1), TimeSpan.FromMinutes(15));

    /// <summary>Thirty days in six-hour buckets (at most 121 buckets).</summary>
    public static readonly LimitWindow Month = new("month", TimeSpan.FromDays(30), TimeSpan.FromHours(6));

    /// <summary>The three windows every tier is limited by, shortest first.</summary>
    public static readonly IReadOnlyList<LimitWindow> All = [Hour, Day, Month];
}
