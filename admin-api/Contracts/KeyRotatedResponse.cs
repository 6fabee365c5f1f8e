using Tollgate.SelfService.Contracts;
using Tollgate.Core.Keys;

namespace Tollgate.AdminApi.Contracts;

/// <summary>The new key of a rotation (same name, expiry, scopes and networks as the old one) and what became of the old one.</summary>
/// <param name="KeyId">Id of the new key.</param>
/// <param name="ApiKey">The new secret; shown here and never again.</param>
/// <param name="Prefix">First characters of the new key.</param>
/// <param name="Name">Its label.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops working; null for never.</param>
/// <param name="Scopes">Features it is limited to.</param>
/// <param name="AllowedIps">Networks it may be used from.</param>
/// <param name="ReplacedKey">The old key: expiring at the end of the grace period, or revoked.</param>
internal sealed record KeyRotatedResponse(
    string KeyId,
    string ApiKey,
    string Prefix,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> AllowedIps,
    KeyResponse ReplacedKey)
{
    public static KeyRotatedResponse From(IssuedApiKey issued, ApiKeyRecord replaced, DateTimeOffset now) => new(
        issued.Record.KeyId,
        issued.RawKey,
        issued.Record.Prefix,
        issued.Record.Name,
        issued.Record.CreatedAt,
        issued.Record.ExpiresAt,
        issued.Record.Scopes,
        issued.Record.AllowedIps,
        KeyResponse.From(replaced, now));
}
