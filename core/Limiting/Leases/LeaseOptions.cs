namespace Tollgate.Core.Limiting.Leases;

/// <summary>Permit leases (<c>Limits:Leases</c>): how a gateway takes several permits of an account in one limiter call.</summary>
public sealed class LeaseOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Limits:Leases";

    /// <summary>
    /// True (default) to lease permits; false to make one limiter call per request (or per burst). A lease's permits are
    /// counted in Redis before they are used, and each take marks the account as leased by this instance in the same
    /// call. A request refused while other instances hold leases of its account asks them back: they end their leases at
    /// once, the returns announce themselves, and the request waits for them (at most <c>Redis:TimeoutMs</c>) and is
    /// decided once more, so permits held unused on one instance do not refuse requests on another. Usage reads ask them
    /// back the same way. An instance that dies strands its leases until they leave the window (an under-admission, never
    /// an over-admission). Ignored in shadow mode, where every request is counted anyway.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The shortest a lease lives, in ms (20 to 1,000): a busy account's, whose lease of <see cref="MaxPermits"/> runs out
    /// sooner anyway. Default 200.
    /// </summary>
    public int MinLifetimeMs { get; set; } = 200;

    /// <summary>
    /// The longest a lease lives, in ms (<see cref="MinLifetimeMs"/> to 5,000): a slow account's lease lives long enough
    /// for about 64 of its requests, up to this. Also how long leased permits may show as used elsewhere. Default 4,000.
    /// </summary>
    public int MaxLifetimeMs { get; set; } = 4_000;

    /// <summary>
    /// Most permits one take counts (2 to 1,000): what binds a busy account's lease, and what an instance killed while
    /// holding it may strand. Default 256: one hot account at 17,000 requests a second makes 0.004 takes per request
    /// instead of 0.015 at 64, each of which costs Redis and the gateway far more under load than alone
    /// (BENCHMARKS.md "Eighth pass").
    /// </summary>
    public int MaxPermits { get; set; } = 256;

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
