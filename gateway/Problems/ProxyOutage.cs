using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Problems;

/// <summary>
/// The proxy path's answer when the store fails a request and the outage policy refuses it (the key cannot be checked,
/// or <c>Limits:RedisFailurePolicy</c> is <c>FailClosed</c>): 503 <c>limiter-unavailable</c>. Anywhere else a store
/// fault is answered by the handler every service shares (503 <c>store-unavailable</c>).
/// </summary>
internal static class ProxyOutage
{
    public static ValueTask WriteAsync(HttpContext context, ProblemWriter problems)
    {
        context.Response.Headers.RetryAfter = "1";
        return problems.WriteAsync(context, ProblemCatalog.LimiterUnavailable,
            "The gateway's key and limit store cannot serve this request right now; try again shortly.");
    }
}
