namespace Tollgate.AdminApi.Dashboard.Contracts;

/// <summary>Body of <c>POST /dashboard/api/keys</c>.</summary>
/// <param name="Name">Label, 1 to 100 characters.</param>
/// <param name="ExpiresAt">When the key stops working (in the future); null for never.</param>
/// <param name="Scopes">Features the key is limited to; empty or null for everything the tier allows.</param>
internal sealed record DashboardCreateKeyRequest(string? Name, DateTimeOffset? ExpiresAt = null, IReadOnlyList<string>? Scopes = null);
