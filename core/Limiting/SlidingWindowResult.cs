namespace Tollgate.Core.Limiting;

/// <summary>What one call of <c>sliding_window.lua</c> answered, for the requests it was given in order.</summary>
/// <param name="Late">True when Redis ran the call after its deadline: it counted nothing and nothing else is set.</param>
/// <param name="Admitted">How many of the requests are within every limit.</param>
/// <param name="Waits">Per request in call order: zero when admitted, else the time until a request of its cost would be admitted.</param>
/// <param name="RedisTimeMicroseconds">Redis <c>TIME</c> when the call ran.</param>
/// <param name="Windows">Each window's count before the call and its reset time, in the order of <see cref="TierLimits.Windows"/>.</param>
internal sealed record SlidingWindowResult(
    bool Late, int Admitted, IReadOnlyList<TimeSpan> Waits, long RedisTimeMicroseconds, IReadOnlyList<SlidingWindowResult.WindowState> Windows)
{
    /// <summary>
    /// True when Redis's time lay outside the billing periods the call was sent (the caller's estimate of it was off by
    /// more than a month): it counted nothing and only <see cref="RedisTimeMicroseconds"/> is set; ask again around that time.
    /// </summary>
    public bool StalePeriod { get; init; }

    /// <summary>
    /// When the call refused a request or only reported: the live permit leases of the account held by other instances,
    /// which the call asked back (<c>reclaim</c>); 0 otherwise, and always with leases off.
    /// </summary>
    public int LeasesElsewhere { get; init; }

    /// <summary>One window: what it counted before the call, and the time until its oldest bucket leaves it.</summary>
    internal readonly record struct WindowState(long UsedBefore, TimeSpan ResetAfter);

    /// <summary>
    /// The decisions for the call's requests, in order, given each one's cost. A request counted is reported with what
    /// its windows held once it was counted (the units of the earlier counted ones and its own); a refused one with
    /// what they held when it was refused, and its wait.
    /// </summary>
    /// <param name="costs">Each request's cost, as the call was made.</param>
    /// <param name="limits">The limits the call was made with.</param>
    /// <param name="mode">The mode the call was made in: in shadow mode every request of the call was counted.</param>
    public LimitDecision[] Decisions(IReadOnlyList<int> costs, TierLimits limits, LimitsMode mode)
    {
        var decisions = new LimitDecision[costs.Count];
        long counted = 0;
        for (var i = 0; i < decisions.Length; i++)
        {
            var admitted = Waits[i] == TimeSpan.Zero;
            var before = counted;
            if (admitted || mode == LimitsMode.Shadow)
            {
                counted += costs[i];
            }
            var windows = UsageAfter(counted, limits);
            decisions[i] = new LimitDecision(admitted, admitted ? TimeSpan.Zero : Waits[i], windows)
            {
                Mode = mode,
                Cost = costs[i],
                OverageUnits = admitted ? OverageOf(limits, before, counted) : 0,
                LeasesElsewhere = admitted ? 0 : LeasesElsewhere,
            };
        }
        return decisions;
    }

    /// <summary>The windows as a report that counted nothing: admitted when no window is past what it may hold.</summary>
    public LimitDecision Report(TierLimits limits, LimitsMode mode)
    {
        var windows = UsageAfter(0, limits);
        var within = true;
        foreach (var window in windows)
        {
            within &= window.Used <= window.Limit || (limits.BillsOverage && window.Window.IsMonth);
        }
        return new LimitDecision(within, TimeSpan.Zero, windows) { Mode = mode, Cost = 0, LeasesElsewhere = LeasesElsewhere };
    }

    /// <summary>The units of one request that went past the month's limit, when the month bills overage.</summary>
    private long OverageOf(TierLimits limits, long countedBefore, long countedAfter)
    {
        if (!limits.BillsOverage)
        {
            return 0;
        }
        var windows = limits.Windows;
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].IsMonth)
            {
                var limit = limits.For(i);
                var before = Math.Max(0, Windows[i].UsedBefore + countedBefore - limit);
                var after = Math.Max(0, Windows[i].UsedBefore + countedAfter - limit);
                return after - before;
            }
        }
        return 0;
    }

    /// <summary>Every window as it stands once <paramref name="counted"/> units of the call are in it.</summary>
    private WindowUsage[] UsageAfter(long counted, TierLimits limits)
    {
        var windows = new WindowUsage[Windows.Count];
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new WindowUsage(limits.Windows[i], limits.For(i), Windows[i].UsedBefore + counted, Windows[i].ResetAfter);
        }
        return windows;
    }
}
