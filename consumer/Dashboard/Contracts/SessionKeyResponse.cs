namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>The key that opened the session (never the key itself).</summary>
/// <param name="KeyId">Its id.</param>
/// <param name="Name">Its label.</param>
/// <param name="Prefix">Its first characters.</param>
internal sealed record SessionKeyResponse(string KeyId, string Name, string Prefix);
