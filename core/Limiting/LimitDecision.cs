namespace Tollgate.Core.Limiting;

/// <summary>What the limiter decided for one request.</summary>
/// <param name="Admitted">True when the request was within every window's limit and counted. In shadow mode
/// (<see cref="LimitsMode.Shadow"/>) the request is counted either way and this says what enforcing would decide.</param>
/// <param name="RetryAfter">When refused: time until a request would next be admitted. Zero when admitted.</param>
/// <param name="Windows">Every window's state, in the order of <see cref="LimitWindow.All"/>.</param>
public sealed record LimitDecision(bool Admitted, TimeSpan RetryAfter, IReadOnlyList<WindowUsage> Windows)
{
    /// <summary>Where the decision came from. Default <see cref="LimitSource.Redis"/>.</summary>
    public LimitSource Source { get; init; } = LimitSource.Redis;

    /// <summary>The window closest to exhaustion: fewest requests left (ties: the shorter window).</summary>
    public WindowUsage Tightest
    {
        get
        {
            var tightest = Windows[0];
            for (var i = 1; i < Windows.Count; i++)
            {
                var w = Windows[i];
                if (w.Remaining < tightest.Remaining)
                {
                    tightest = w;
                }
            }
            return tightest;
        }
    }
}
