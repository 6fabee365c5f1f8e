namespace Tollgate.Core.Limiting.Leases;

/// <summary>Permit leases (<c>Limits:Leases</c>): how a gateway takes several permits of an account in one limiter call.</summary>
public sealed class LeaseOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Limits:Leases";

    /// <summary>
    /// True to lease permits. Default false: a lease's permits are counted in Redis before they are used, so the usage an
    /// account sees (its windows, its dashboard) runs up to one lease ahead for a lease's lifetime, and an instance that
    /// dies strands its lease until it leaves the window; turn it on for traffic spread over many accounts. Ignored in
    /// shadow mode, where every request is counted anyway.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>How long a lease serves requests before its unused permits go back, in ms (20 to 1,000). Default 200.</summary>
    public int LifetimeMs { get; set; } = 200;

    /// <summary>Most permits one lease takes (2 to 1,000). Default 64.</summary>
    public int MaxPermits { get; set; } = 64;

    /// <summary>
    /// How many times the permits of every instance's lease together the room left in each window must hold before
    /// anyone leases (2 to 100): a lease is at most room ÷ (Headroom × <c>Limits:InstanceCount</c>), and below two
    /// permits every request makes its own call. Default 4: all instances' leases together hold at most a quarter of the
    /// room left, and the last 8 × InstanceCount permits of a window are never leased.
    /// </summary>
    public int Headroom { get; set; } = 4;

    /// <summary>A lease's lifetime.</summary>
    public TimeSpan Lifetime => TimeSpan.FromMilliseconds(LifetimeMs);
}
