namespace Tollgate.Core.Keys;

/// <summary>
/// What <see cref="KeyAccess.Narrow"/> made of a key asked for under another key: the key to issue (the request
/// with the opener's limits filled in), or why it cannot be issued.
/// </summary>
/// <param name="Key">The key to issue; null when refused.</param>
/// <param name="Field">The request field that asked for too much (<c>scopes</c>, <c>allowed_ips</c>, <c>expires_at</c>); null when granted.</param>
/// <param name="Refusal">Why, in words fit for the caller; null when granted.</param>
public sealed record KeyGrant(NewApiKey? Key, string? Field, string? Refusal)
{
    /// <summary>The key may be issued as <paramref name="key"/>.</summary>
    public static KeyGrant Granted(NewApiKey key) => new(key, null, null);

    /// <summary>The request asks, in <paramref name="field"/>, for more than the opener holds.</summary>
    public static KeyGrant Refused(string field, string refusal) => new(null, field, refusal);
}
