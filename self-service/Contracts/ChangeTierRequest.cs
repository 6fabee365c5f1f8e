namespace Tollgate.SelfService.Contracts;

/// <summary>Body of <c>PUT /admin/accounts/{id}/tier</c>.</summary>
/// <param name="Tier">The tier to move to, e.g. "pro".</param>
public sealed record ChangeTierRequest(string? Tier);
