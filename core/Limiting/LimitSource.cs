namespace Tollgate.Core.Limiting;

/// <summary>Who made a <see cref="LimitDecision"/>.</summary>
public enum LimitSource
{
    /// <summary>The shared Redis windows: exact across instances.</summary>
    Redis,

    /// <summary>This instance's in-memory windows, while Redis is unreachable.</summary>
    Local,

    /// <summary>Nobody: Redis is unreachable and the policy admits without counting.</summary>
    None,
}
