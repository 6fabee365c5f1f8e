namespace Tollgate.ConsumerSide.Dashboard.Sessions;

/// <summary>
/// What Redis keeps of one signed-in browser: which account and which key opened it, and the CSRF token its
/// state-changing calls must carry. Never the raw key, never the session id itself.
/// </summary>
/// <param name="AccountId">The account signed in to.</param>
/// <param name="KeyId">The key that opened the session; the session ends when that key stops being active.</param>
/// <param name="KeyPrefix">That key's prefix, for the page and the logs.</param>
/// <param name="CsrfToken">Sent back by the page in <c>X-CSRF-Token</c> on every state-changing call.</param>
/// <param name="CreatedAt">When the session was opened.</param>
/// <param name="ExpiresAt">When it ends, whatever happens (absolute lifetime).</param>
internal sealed record DashboardSession(
    string AccountId,
    string KeyId,
    string KeyPrefix,
    string CsrfToken,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
