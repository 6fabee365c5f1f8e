namespace Tollgate.Gateway.Limiting;

/// <summary>
/// Which rate-limit fields a counted answer carries (<c>Gateway:RateLimitHeaders</c>, per route metadata
/// <c>RateLimitHeaders</c>). Every format carries <c>X-RateLimit-Limit/Remaining/Reset</c>, and a 429 <c>Retry-After</c>.
/// </summary>
internal enum RateLimitHeaderFormat
{
    /// <summary>
    /// <c>draft11</c>: the current IETF draft's <c>RateLimit-Policy</c> and <c>RateLimit</c> with one entry per window
    /// (<c>"hour";r=12;t=1800, …</c>). Client parsers written for older drafts read that <c>RateLimit</c> field, find no
    /// <c>limit=</c> in it, and report nothing, ignoring the <c>X-</c> headers it shadows.
    /// </summary>
    Draft11,

    /// <summary>
    /// <c>draft7</c>: the older draft's combined <c>RateLimit: limit=60, remaining=12, reset=1800</c> for the window
    /// closest to exhaustion, and <c>RateLimit-Policy: 60;w=3600, 1000;w=86400, 10000;w=2592000</c>.
    /// </summary>
    Draft7,

    /// <summary><c>legacy</c>: only <c>X-RateLimit-Limit/Remaining/Reset</c>, so no <c>RateLimit</c> field shadows them.</summary>
    Legacy,
}
