namespace Tollgate.Core.Keys;

/// <summary>What an admin asks for when issuing a key.</summary>
/// <param name="Name">Label for the key.</param>
/// <param name="ExpiresAt">Optional end of validity.</param>
/// <param name="Scopes">Optional features the key is limited to.</param>
/// <param name="AllowedIps">Optional client networks (CIDR) the key may be used from.</param>
public sealed record NewApiKey(
    string Name,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<string>? Scopes = null,
    IReadOnlyList<string>? AllowedIps = null);
