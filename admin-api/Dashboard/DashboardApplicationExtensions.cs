using Microsoft.Extensions.Options;
using Tollgate.AdminApi.Dashboard.Endpoints;
using Tollgate.AdminApi.Dashboard.Sessions;
using Tollgate.AdminApi.Requests;
using Tollgate.ServiceDefaults.Forwarding;

namespace Tollgate.AdminApi.Dashboard;

/// <summary>The developer dashboard's request steps and endpoints, all under <c>/dashboard</c>.</summary>
internal static class DashboardApplicationExtensions
{
    /// <summary>The path everything of the dashboard lives under; the gateway routes it here.</summary>
    public const string PathBase = "/dashboard";

    /// <summary>
    /// For <c>/dashboard</c> requests only: believe the forwarded client address and scheme of a trusted proxy (the
    /// gateway on loopback, or <see cref="DashboardOptions.TrustedProxies"/>), so the cookie is Secure behind TLS,
    /// a key's allowed_ips are checked against the client and sign-in throttling counts it; and add the dashboard's
    /// security headers. Call before authentication.
    /// </summary>
    public static WebApplication UseDashboardRequests(this WebApplication app)
    {
        // ASP.NET's defaults (loopback: the gateway beside it) and the configured proxies.
        var forwarded = new ForwardedHeadersOptions();
        TrustedProxies.Trust(forwarded, app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.TrustedProxies);
        app.UseWhen(IsDashboard, dashboard => dashboard
            .UseForwardedHeaders(forwarded)
            .UseMiddleware<DashboardSecurityHeaders>());
        return app;
    }

    /// <summary>The page, its assets and the JSON API the page calls.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        // The dashboard is a page for people, not part of the admin API's description.
        var dashboard = app.MapGroup(PathBase).ExcludeFromDescription();
        dashboard.MapDashboardPages();

        var api = dashboard.MapGroup("/api").WithMetadata(RequestBodyLimit.Json);
        api.MapSessionEndpoints();
        api.MapGroup("")
            .RequireAuthorization(DashboardAuthentication.Policy)
            .MapDashboardUsageEndpoints()
            .MapDashboardKeyEndpoints()
            .MapDashboardTierEndpoints();
        return app;
    }

    private static bool IsDashboard(HttpContext context) => context.Request.Path.StartsWithSegments(PathBase);
}
