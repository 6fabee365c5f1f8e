namespace Tollgate.Gateway.Authentication;

/// <summary>The gateway's in-process cache of key and account records (<c>Gateway:KeyCache</c> section).</summary>
public sealed class KeyCacheOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Gateway:KeyCache";

    /// <summary>
    /// How long a record is trusted without asking Redis, in seconds. Default 30. Changes reach the
    /// gateway at once over pub/sub (and a reconnect clears the cache); this is only the safety net for a message
    /// published and lost while connected. Every key and its account are read again once per lifetime, so over many
    /// accounts a short lifetime adds Redis round trips to requests (at 5 s: 0.16 more per request over 1,000 accounts).
    /// </summary>
    public int LifetimeSeconds { get; set; } = 30;

    /// <summary>
    /// While Redis is unreachable, how long past its lifetime a cached record still authenticates, in
    /// seconds. Default 300. Keys not in the cache get 503 during an outage, never 401.
    /// </summary>
    public int StaleSeconds { get; set; } = 300;

    /// <summary>
    /// Most key records (and, separately, account records) kept. Past it the oldest go first, expired ones
    /// before live ones; the cache never starts over. Default 100,000. Only keys Redis knows are kept here:
    /// unknown keys have their own bound (<see cref="MaxUnknownKeys"/>), so a flood of them cannot push out
    /// the records of real keys.
    /// </summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>
    /// How long a well-formed key that Redis does not know is answered "unknown" from memory, in seconds.
    /// Default 5; 0 asks Redis every time. So one unknown key costs Redis at most one lookup per this period
    /// however often it is sent. A key issued later is never held back by it: keys are generated at issue
    /// with 190 random bits, so nobody can have sent one before it existed; and an invalidation of a key
    /// (pub/sub) clears its entry anyway.
    /// </summary>
    public int NegativeSeconds { get; set; } = 5;

    /// <summary>Most unknown keys remembered (<see cref="NegativeSeconds"/>); past it the oldest go first. Default 100,000.</summary>
    public int MaxUnknownKeys { get; set; } = 100_000;

    /// <summary>
    /// Most recently served keys a starting gateway loads into this cache in the background (with their accounts), and
    /// most kept in Redis's index of recently served keys (<c>tg:gateway:recent-keys</c>). Default 10,000; 0 turns
    /// warming and the index off. Readiness never waits for it.
    /// </summary>
    public int WarmKeys { get; set; } = 10_000;

    /// <summary>How recently a key must have been served, in seconds, to be warmed at start. Default 600.</summary>
    public int WarmRecentSeconds { get; set; } = 600;

    /// <summary>How often a gateway adds the keys it served to the index, in seconds. Default 30.</summary>
    public int WarmPublishSeconds { get; set; } = 30;
}
