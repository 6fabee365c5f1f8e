namespace Tollgate.Gateway.Protection;

/// <summary>
/// The per-address limit on failed authentications (<c>Gateway:AuthFailureLimit</c> section). What counts is
/// a request whose key is malformed or unknown, from one client address (IPv4, or IPv6 per /64). Past the
/// limit, that address's requests that present a key the gateway has not seen in Redis are refused with 429
/// before any Redis call; a key that is real (found in Redis recently) still goes through, so a heavy client
/// with a valid key is never throttled by it, even behind the same address as a guesser.
/// </summary>
public sealed class AuthFailureLimitOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Gateway:AuthFailureLimit";

    /// <summary>Whether the limit applies. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Failed authentications one address may make in a row before it is refused. Default 20.</summary>
    public int Burst { get; set; } = 20;

    /// <summary>
    /// Failed authentications per minute an address earns back, one at a time (30: one every 2 s). Default 30.
    /// A refused client is told in <c>Retry-After</c> when it may try again.
    /// </summary>
    public int PerMinute { get; set; } = 30;

    /// <summary>
    /// Most addresses remembered as refused at once; past it, those whose refusal has ended are forgotten first,
    /// then the limit starts over for the rest. Default 100,000.
    /// </summary>
    public int MaxBlockedAddresses { get; set; } = 100_000;
}
