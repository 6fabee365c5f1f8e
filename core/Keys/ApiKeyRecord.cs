namespace Tollgate.Core.Keys;

/// <summary>What is stored of an API key: never the key itself, only its HMAC (as the record's address) and prefix.</summary>
/// <param name="KeyId">Stable public id, e.g. <c>key_…</c>.</param>
/// <param name="AccountId">Owning account.</param>
/// <param name="Name">Label the admin gave it.</param>
/// <param name="Prefix">First characters of the key, kept in clear to recognise it.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops working, if ever.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
/// <param name="Scopes">Features the key is limited to; empty means everything the tier allows.</param>
/// <param name="AllowedIps">Client networks (CIDR) the key may be used from; empty means any.</param>
public sealed record ApiKeyRecord(
    string KeyId,
    string AccountId,
    string Name,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> AllowedIps)
{
    /// <summary>True when the key is neither revoked nor expired at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
