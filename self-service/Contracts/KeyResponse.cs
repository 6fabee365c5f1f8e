using System.Text.Json.Serialization;
using Tollgate.Core.Keys;

namespace Tollgate.SelfService.Contracts;

/// <summary>A key as listed: never the secret, never its hash.</summary>
/// <param name="KeyId">Stable id of the key.</param>
/// <param name="Name">Its label.</param>
/// <param name="Prefix">First characters of the key, to recognise it.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops (or stopped) working; null for never.</param>
/// <param name="RevokedAt">When it was revoked; null when it was not.</param>
/// <param name="Status">"active", "revoked" or "expired".</param>
/// <param name="Scopes">Features it is limited to; empty for everything the tier allows.</param>
/// <param name="AllowedIps">Networks it may be used from; empty for any.</param>
/// <param name="LastUsedOn">
/// Where the list says it (the dashboard's): the last UTC day it made a counted request, within the 90 days usage is
/// kept; absent for none. Day precision: the gateways count usage per key and day, not per request.
/// </param>
/// <param name="CurrentSession">In a dashboard session's list: true for the key the session was opened with.</param>
public sealed record KeyResponse(
    string KeyId,
    string Name,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string Status,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> AllowedIps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? LastUsedOn = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? CurrentSession = null)
{
    public static KeyResponse From(ApiKeyRecord key, DateTimeOffset now) => new(
        key.KeyId,
        key.Name,
        key.Prefix,
        key.CreatedAt,
        key.ExpiresAt,
        key.RevokedAt,
        StatusOf(key, now),
        key.Scopes,
        key.AllowedIps);

    public static string StatusOf(ApiKeyRecord key, DateTimeOffset now) =>
        key.RevokedAt is not null ? "revoked" : key.IsActiveAt(now) ? "active" : "expired";
}
