namespace Tollgate.Core.Limiting.Leases;

/// <summary>Permit leases (<c>Limits:Leases</c>): how a gateway takes several permits of an account in one limiter call.</summary>
public sealed class LeaseOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Limits:Leases";

    /// <summary>
    /// True to lease permits; false (default) to make one limiter call per request (or per burst). A lease's permits are
    /// counted in Redis before they are used: what another gateway instance or the admin API reports for an account runs
    /// ahead by the leases the gateways hold (each at most <see cref="MaxPermits"/>, for at most
    /// <see cref="MaxLifetimeMs"/>), an instance that dies strands its leases until they leave the window, and in a burst
    /// across several instances near a limit, permits held on one instance can refuse requests on another until they go
    /// back (an under-admission, never an over-admission). Off by default for that last reason. Ignored in shadow mode,
    /// where every request is counted anyway.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The shortest a lease lives, in ms (20 to 1,000): a busy account's, whose lease of <see cref="MaxPermits"/> runs out
    /// sooner anyway. Default 200.
    /// </summary>
    public int MinLifetimeMs { get; set; } = 200;

    /// <summary>
    /// The longest a lease lives, in ms (<see cref="MinLifetimeMs"/> to 5,000): a slow account's lease lives long enough
    /// for about eight of its requests, up to this. Also how long leased permits may show as used elsewhere. Default 1,000.
    /// </summary>
    public int MaxLifetimeMs { get; set; } = 1_000;

    /// <summary>Most permits one lease takes (2 to 1,000). Default 64.</summary>
    public int MaxPermits { get; set; } = 64;

    /// <summary>
    /// How many times the permits of every instance's lease together the room left in each window must hold before
    /// anyone leases (2 to 100): a lease is at most room ÷ (Headroom × <c>Limits:InstanceCount</c>), and below two
    /// permits every request makes its own call. Default 4: all instances' leases together hold at most a quarter of the
    /// room left, and the last 8 × InstanceCount permits of a window are never leased.
    /// </summary>
    public int Headroom { get; set; } = 4;

    /// <summary>A busy account's lease lifetime.</summary>
    public TimeSpan MinLifetime => TimeSpan.FromMilliseconds(MinLifetimeMs);

    /// <summary>A slow account's lease lifetime.</summary>
    public TimeSpan MaxLifetime => TimeSpan.FromMilliseconds(MaxLifetimeMs);
}
