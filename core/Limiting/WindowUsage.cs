namespace Tollgate.Core.Limiting;

/// <summary>The state of one window after a limiter call.</summary>
/// <param name="Window">Which window.</param>
/// <param name="Limit">Requests it admits.</param>
/// <param name="Used">Requests it currently counts, including the one just admitted.</param>
/// <param name="ResetAfter">Time until its oldest counted bucket leaves the window and frees capacity; zero when it counts nothing.</param>
public readonly record struct WindowUsage(LimitWindow Window, long Limit, long Used, TimeSpan ResetAfter)
{
    /// <summary>Requests still admitted now, never negative.</summary>
    public long Remaining => Math.Max(0, Limit - Used);
}
