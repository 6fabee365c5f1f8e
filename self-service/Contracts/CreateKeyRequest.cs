namespace Tollgate.SelfService.Contracts;

/// <summary>Body of <c>POST /admin/accounts/{id}/keys</c>.</summary>
/// <param name="Name">Label for the key, 1 to 100 characters, e.g. "ci pipeline".</param>
/// <param name="ExpiresAt">When the key stops working (ISO 8601, in the future); null for never.</param>
/// <param name="Scopes">Features the key is limited to (names from the tier catalogue); empty or null for everything the tier allows.</param>
/// <param name="AllowedIps">Client networks the key may be used from, as CIDR (<c>10.0.0.0/8</c>) or single addresses; empty or null for any.</param>
public sealed record CreateKeyRequest(
    string? Name,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<string>? Scopes = null,
    IReadOnlyList<string>? AllowedIps = null);
