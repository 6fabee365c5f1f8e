using System.Text.Json.Serialization;
using Tollgate.Core.Keys;

namespace Tollgate.SelfService.Contracts;

/// <summary>A newly issued (or rotated-in) key. <see cref="ApiKey"/> is shown here and never again.</summary>
/// <param name="KeyId">Stable id of the key, e.g. <c>key_p2x…</c>.</param>
/// <param name="ApiKey">The secret to send in <c>X-API-Key</c>. Store it now: only its HMAC is kept.</param>
/// <param name="Prefix">First characters of the key, kept in clear to recognise it.</param>
/// <param name="Name">Its label.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops working; null for never.</param>
/// <param name="Scopes">Features it is limited to; empty for everything the tier allows.</param>
/// <param name="AllowedIps">Networks it may be used from; empty for any.</param>
/// <param name="ReplacedKey">For a rotation only (same name, expiry, scopes and networks): the old key, expiring at the end of the grace period, or revoked.</param>
public sealed record KeyCreatedResponse(
    string KeyId,
    string ApiKey,
    string Prefix,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> AllowedIps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] KeyResponse? ReplacedKey = null)
{
    public static KeyCreatedResponse From(IssuedApiKey issued, KeyResponse? replaced = null) => new(
        issued.Record.KeyId,
        issued.RawKey,
        issued.Record.Prefix,
        issued.Record.Name,
        issued.Record.CreatedAt,
        issued.Record.ExpiresAt,
        issued.Record.Scopes,
        issued.Record.AllowedIps,
        replaced);
}
