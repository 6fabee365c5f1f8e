namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>Answer to revoking a key.</summary>
/// <param name="KeyId">The key.</param>
/// <param name="RevokedAt">When it was revoked.</param>
/// <param name="SessionEnded">True when it was the key this session was opened with: the session has ended with it.</param>
internal sealed record KeyRevokedResponse(string KeyId, DateTimeOffset? RevokedAt, bool SessionEnded);
