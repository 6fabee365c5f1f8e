namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>
/// The browser's state. Signed out: <see cref="CsrfToken"/> is the sign-in form's token (its twin is in the
/// <c>tg_signin</c> cookie). Signed in: the account, the key that opened the session and the session's CSRF token.
/// </summary>
/// <param name="SignedIn">True with a valid session.</param>
/// <param name="CsrfToken">Token to send in <c>X-CSRF-Token</c> with the next state-changing call.</param>
/// <param name="Account">The account; null when signed out.</param>
/// <param name="Key">The key that opened the session; null when signed out.</param>
/// <param name="ExpiresAt">When the session ends at the latest; null when signed out.</param>
internal sealed record SessionResponse(
    bool SignedIn,
    string CsrfToken,
    SessionAccountResponse? Account,
    SessionKeyResponse? Key,
    DateTimeOffset? ExpiresAt);
