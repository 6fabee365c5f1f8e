namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>A key as the dashboard lists it: never the secret, never its hash.</summary>
/// <param name="KeyId">Its id.</param>
/// <param name="Name">Its label.</param>
/// <param name="Prefix">Its first characters.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops (or stopped) working; null for never.</param>
/// <param name="RevokedAt">When it was revoked; null when it was not.</param>
/// <param name="Status">"active", "revoked" or "expired".</param>
/// <param name="Scopes">Features it is limited to; empty for everything the tier allows.</param>
/// <param name="LastUsedOn">
/// The last UTC day it made a counted request, within the 90 days usage is kept; null for none. Day precision:
/// the gateways count usage per key and day, not per request.
/// </param>
/// <param name="CurrentSession">True for the key this session was opened with.</param>
internal sealed record DashboardKeyResponse(
    string KeyId,
    string Name,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string Status,
    IReadOnlyList<string> Scopes,
    DateOnly? LastUsedOn,
    bool CurrentSession);
