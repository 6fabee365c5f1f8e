namespace Tollgate.Core.Limiting;

/// <summary>How limits are enforced (<c>Limits</c> section).</summary>
public sealed class LimitsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Limits";

    /// <summary>
    /// <see cref="LimitsMode.Enforce"/> (default) refuses requests over a limit; <see cref="LimitsMode.Shadow"/> counts
    /// every request and says in headers, logs and metrics what would have been refused, but refuses nothing.
    /// </summary>
    public LimitsMode Mode { get; set; } = LimitsMode.Enforce;

    /// <summary>What to do while Redis is unreachable. Default <see cref="RedisFailurePolicy.Local"/>.</summary>
    public RedisFailurePolicy RedisFailurePolicy { get; set; } = RedisFailurePolicy.Local;

    /// <summary>
    /// Gateway instances sharing the traffic, for <see cref="RedisFailurePolicy.Local"/>: each instance then
    /// admits the tier limit divided by this many (at least 1). Permit leases also size by it
    /// (<see cref="Leases.LeaseOptions.Headroom"/>): all instances' leases together stay a small share of the room left.
    /// Default 1.
    /// </summary>
    public int InstanceCount { get; set; } = 1;
}
