namespace Tollgate.ConsumerSide.Dashboard;

/// <summary>
/// Headers on every <c>/dashboard</c> answer: a Content-Security-Policy that allows only this origin's own
/// scripts, styles and calls (no CDN, no inline script, no framing), no MIME sniffing, no referrer, and no
/// caching unless an endpoint says otherwise (assets revalidate by ETag).
/// </summary>
internal sealed class DashboardSecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        return next(context);
    }
}
