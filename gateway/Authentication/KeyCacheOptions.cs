namespace Tollgate.Gateway.Authentication;

/// <summary>The gateway's in-process cache of key and account records (<c>Gateway:KeyCache</c> section).</summary>
public sealed class KeyCacheOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Gateway:KeyCache";

    /// <summary>
    /// How long a record is trusted without asking Redis, in seconds. Default 5. Changes reach the
    /// gateway at once over pub/sub; this is only the safety net for a missed message.
    /// </summary>
    public int LifetimeSeconds { get; set; } = 5;

    /// <summary>
    /// While Redis is unreachable, how long past its lifetime a cached record still authenticates, in
    /// seconds. Default 300. Keys not in the cache get 503 during an outage, never 401.
    /// </summary>
    public int StaleSeconds { get; set; } = 300;

    /// <summary>Most records kept; past it the cache starts over. Default 100,000.</summary>
    public int MaxEntries { get; set; } = 100_000;
}
