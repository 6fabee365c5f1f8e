namespace Tollgate.ConsumerSide.Dashboard.Sessions;

/// <summary>
/// Writes and clears the dashboard's cookies: HttpOnly (no script reads them), SameSite=Strict (no other site
/// sends them), Path=/dashboard, and Secure whenever the request came over HTTPS (directly or, as the
/// forwarded headers of a trusted proxy say, to the gateway).
/// </summary>
internal static class DashboardCookies
{
    /// <summary>How long the sign-in form's token lives: long enough to type a key, short enough not to linger.</summary>
    public static readonly TimeSpan SignInLifetime = TimeSpan.FromHours(1);

    /// <summary>Sets the session cookie to end when the session does.</summary>
    public static void SetSession(HttpResponse response, string sessionId, DateTimeOffset expiresAt, DateTimeOffset now) =>
        response.Cookies.Append(DashboardAuthentication.SessionCookie, sessionId, Options(response.HttpContext, expiresAt, now));

    /// <summary>Tells the browser to drop the session cookie.</summary>
    public static void ClearSession(HttpResponse response) =>
        response.Cookies.Delete(DashboardAuthentication.SessionCookie, Options(response.HttpContext, expiresAt: null, now: default));

    /// <summary>Sets the sign-in form's token cookie.</summary>
    public static void SetSignIn(HttpResponse response, string token, DateTimeOffset now) =>
        response.Cookies.Append(DashboardAuthentication.SignInCookie, token, Options(response.HttpContext, now + SignInLifetime, now));

    /// <summary>Tells the browser to drop the sign-in token cookie.</summary>
    public static void ClearSignIn(HttpResponse response) =>
        response.Cookies.Delete(DashboardAuthentication.SignInCookie, Options(response.HttpContext, expiresAt: null, now: default));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expiresAt, DateTimeOffset now) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = DashboardAuthentication.CookiePath,
        Expires = expiresAt,
        // Whole seconds: the session's end and this cookie are stamped a moment apart.
        MaxAge = expiresAt is { } end ? TimeSpan.FromSeconds(Math.Round((end - now).TotalSeconds)) : null,
        IsEssential = true,
    };
}
