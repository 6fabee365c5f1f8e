namespace Tollgate.AdminApi.Contracts;

/// <summary>Body of <c>POST /admin/accounts</c>.</summary>
/// <param name="Email">Contact address, unique across accounts regardless of case; at most 254 characters.</param>
/// <param name="Tier">Subscription tier; default the cheapest tier of the catalogue ("free").</param>
internal sealed record CreateAccountRequest(string? Email, string? Tier = null);
