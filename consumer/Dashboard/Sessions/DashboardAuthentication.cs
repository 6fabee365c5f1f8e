namespace Tollgate.ConsumerSide.Dashboard.Sessions;

/// <summary>Names of the dashboard's session scheme, policy, cookies and header. Separate from the admin bearer scheme.</summary>
internal static class DashboardAuthentication
{
    /// <summary>The session-cookie scheme of <see cref="DashboardSessionHandler"/>.</summary>
    public const string Scheme = "DashboardSession";

    /// <summary>The authorization policy of every signed-in dashboard endpoint.</summary>
    public const string Policy = "Dashboard";

    /// <summary>Cookie holding the session id.</summary>
    public const string SessionCookie = "tg_session";

    /// <summary>Cookie holding the sign-in form's CSRF token (double submit, before there is a session).</summary>
    public const string SignInCookie = "tg_signin";

    /// <summary>Header carrying the CSRF token on every state-changing call.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>Path of both cookies: only the dashboard ever receives them.</summary>
    public const string CookiePath = "/dashboard";

    /// <summary>Claim: the account signed in to.</summary>
    public const string AccountIdClaim = "tollgate:account_id";

    /// <summary>Claim: the id of the key that opened the session.</summary>
    public const string KeyIdClaim = "tollgate:key_id";
}
