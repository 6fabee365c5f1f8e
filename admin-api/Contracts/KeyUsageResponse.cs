namespace Tollgate.AdminApi.Contracts;

/// <summary>One key's requests today.</summary>
/// <param name="KeyId">The key.</param>
/// <param name="Name">Its label.</param>
/// <param name="Prefix">Its first characters.</param>
/// <param name="Status">"active", "revoked" or "expired".</param>
/// <param name="Requests">Requests admitted with it today.</param>
internal sealed record KeyUsageResponse(string KeyId, string Name, string Prefix, string Status, long Requests);
