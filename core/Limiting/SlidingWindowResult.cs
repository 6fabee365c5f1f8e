namespace Tollgate.Core.Limiting;

/// <summary>What one call of <c>sliding_window.lua</c> answered, for the requests it was given in order.</summary>
/// <param name="Late">True when Redis ran the call after its deadline: it counted nothing and nothing else is set.</param>
/// <param name="Admitted">How many of the requests, from the first, are within every limit.</param>
/// <param name="RetryAfter">When some were refused: time until one more would be admitted.</param>
/// <param name="RedisTimeMicroseconds">Redis <c>TIME</c> when the call ran.</param>
/// <param name="Windows">Each window's count before the call and its reset time, in the order of <see cref="LimitWindow.All"/>.</param>
internal sealed record SlidingWindowResult(bool Late, int Admitted, TimeSpan RetryAfter, long RedisTimeMicroseconds, IReadOnlyList<SlidingWindowResult.WindowState> Windows)
{
    /// <summary>One window: what it counted before the call, and the time until its oldest bucket leaves it.</summary>
    internal readonly record struct WindowState(long UsedBefore, TimeSpan ResetAfter);

    /// <summary>
    /// The decision for the request at <paramref name="index"/> of the call. A request counted is reported with
    /// what its window held once it was counted; a refused one with the full windows and the wait.
    /// </summary>
    /// <param name="index">The request's place in the call, from 0.</param>
    /// <param name="limits">The limits the call was made with.</param>
    /// <param name="mode">The mode the call was made in: in shadow mode every request of the call was counted.</param>
    public LimitDecision DecisionFor(int index, TierLimits limits, LimitsMode mode)
    {
        var admitted = index < Admitted;
        var counted = admitted || mode == LimitsMode.Shadow ? index + 1 : Admitted;
        return new LimitDecision(admitted, admitted ? TimeSpan.Zero : RetryAfter, UsageAfter(counted, limits)) { Mode = mode };
    }

    /// <summary>The windows as a report that counted nothing: admitted when no window is over its limit.</summary>
    public LimitDecision Report(TierLimits limits, LimitsMode mode)
    {
        var windows = UsageAfter(0, limits);
        var within = true;
        foreach (var window in windows)
        {
            within &= window.Used <= window.Limit;
        }
        return new LimitDecision(within, TimeSpan.Zero, windows) { Mode = mode };
    }

    /// <summary>Every window as it stands once <paramref name="counted"/> of the call's requests are in it.</summary>
    private WindowUsage[] UsageAfter(long counted, TierLimits limits)
    {
        var windows = new WindowUsage[Windows.Count];
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new WindowUsage(LimitWindow.All[i], limits.For(i), Windows[i].UsedBefore + counted, Windows[i].ResetAfter);
        }
        return windows;
    }
}
