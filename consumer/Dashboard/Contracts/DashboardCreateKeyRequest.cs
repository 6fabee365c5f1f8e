namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>
/// Body of <c>POST /dashboard/api/keys</c>. The key is never more than the key the session was opened with: what is
/// not asked for is inherited from it, and asking for more is refused.
/// </summary>
/// <param name="Name">Label, 1 to 100 characters.</param>
/// <param name="ExpiresAt">When the key stops working (in the future, not after the session key's expiry); null for the session key's.</param>
/// <param name="Scopes">Features (and <c>account</c>) the key is limited to, among the session key's; empty or null for the session key's.</param>
/// <param name="AllowedIps">Client networks the key may be used from, within the session key's; empty or null for the session key's.</param>
internal sealed record DashboardCreateKeyRequest(
    string? Name,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<string>? Scopes = null,
    IReadOnlyList<string>? AllowedIps = null);
