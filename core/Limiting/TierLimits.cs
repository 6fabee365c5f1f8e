namespace Tollgate.Core.Limiting;

/// <summary>Requests admitted per sliding hour, day and month (30 days).</summary>
public sealed record TierLimits(long PerHour, long PerDay, long PerMonth)
{
    /// <summary>The limit of the window at <paramref name="windowIndex"/> in <see cref="LimitWindow.All"/>.</summary>
    public long For(int windowIndex) => windowIndex switch
    {
        0 => PerHour,
        1 => PerDay,
        2 => PerMonth,
        _ => throw new ArgumentOutOfRangeException(nameof(windowIndex)),
    };
}
