using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.ConsumerSide.Dashboard.Sessions;

/// <summary>
/// Refuses a state-changing dashboard call unless its <c>X-CSRF-Token</c> header equals the token stored with
/// the session (compared in constant time). Another site can make a browser send the cookie (SameSite=Strict
/// already stops that in current browsers) but cannot read the token, which only the page's own same-origin
/// fetch of the session returns.
/// </summary>
internal sealed partial class CsrfFilter(ILogger<CsrfFilter> logger) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = http.Features.Get<DashboardCaller>();
        string? presented = http.Request.Headers[DashboardAuthentication.CsrfHeader];
        if (caller is not null && SessionTokens.Matches(presented, caller.Session.CsrfToken))
        {
            return next(context);
        }
        Log.Refused(logger, http.Request.Method, http.Request.Path, caller?.Key.KeyId ?? "-");
        return ValueTask.FromResult<object?>(ProblemCatalog.CsrfTokenInvalid.Result(
            $"State-changing dashboard calls must carry the session's CSRF token in the {DashboardAuthentication.CsrfHeader} header; " +
            "reload the page to get it."));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dashboard {Method} {Path} refused: missing or wrong CSRF token (key {KeyId}).")]
        public static partial void Refused(ILogger logger, string method, PathString path, string keyId);
    }
}
