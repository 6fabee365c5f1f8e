namespace Tollgate.Core.Limiting;

/// <summary>What the limiter decided for one request.</summary>
/// <param name="Admitted">True when the request was within every window's limit and counted. In shadow mode
/// (<see cref="Mode"/> <see cref="LimitsMode.Shadow"/>) the request is counted either way and this says what enforcing
/// would decide.</param>
/// <param name="RetryAfter">When refused: time until a request would next be admitted. Zero when admitted.</param>
/// <param name="Windows">Every window's state, in the order of the limits' <see cref="TierLimits.Windows"/>; used and
/// remaining are units (a request takes its route's cost from each).</param>
public sealed record LimitDecision(bool Admitted, TimeSpan RetryAfter, IReadOnlyList<WindowUsage> Windows)
{
    /// <summary>Where the decision came from. Default <see cref="LimitSource.Redis"/>.</summary>
    public LimitSource Source { get; init; } = LimitSource.Redis;

    /// <summary>The units the request took (or would have taken) from every window: its route's cost. Default 1.</summary>
    public int Cost { get; init; } = 1;

    /// <summary>
    /// Of <see cref="Cost"/>, the units admitted past the month's limit and metered as overage (a tier that bills
    /// overage); 0 otherwise.
    /// </summary>
    public long OverageUnits { get; init; }

    /// <summary>
    /// The mode the limiter decided in (<c>Limits:Mode</c>). Core reads the setting once, where it counts; whoever acts
    /// on a decision reads it here. Default <see cref="LimitsMode.Enforce"/>.
    /// </summary>
    public LimitsMode Mode { get; init; } = LimitsMode.Enforce;

    /// <summary>
    /// A refusal (or a report) by Redis while other gateway instances held live permit leases of the account: how many.
    /// Their unused permits may be what refused it; they were asked back. 0 otherwise.
    /// </summary>
    public int LeasesElsewhere { get; init; }

    /// <summary>True when the request must be refused: over a limit, with limits enforced.</summary>
    public bool Refuses => !Admitted && Mode == LimitsMode.Enforce;

    /// <summary>True when enforcing would have refused the request, but shadow mode lets it through (counted).</summary>
    public bool ShadowLimited => !Admitted && Mode == LimitsMode.Shadow;

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
