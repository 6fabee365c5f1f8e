namespace Tollgate.SelfService.Contracts;

/// <summary>A key as a usage history names it.</summary>
/// <param name="KeyId">Its id (the keys of <c>by_key</c>).</param>
/// <param name="Name">Its label.</param>
/// <param name="Prefix">Its first characters.</param>
/// <param name="Status">"active", "revoked" or "expired".</param>
public sealed record HistoryKeyResponse(string KeyId, string Name, string Prefix, string Status);
