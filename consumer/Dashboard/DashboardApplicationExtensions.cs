using Tollgate.ConsumerSide.Dashboard.Endpoints;
using Tollgate.ConsumerSide.Dashboard.Sessions;
using Tollgate.SelfService.Requests;

namespace Tollgate.ConsumerSide.Dashboard;

/// <summary>The developer dashboard's request steps and endpoints, all under <c>/dashboard</c>.</summary>
internal static class DashboardApplicationExtensions
{
    /// <summary>The path everything of the dashboard lives under.</summary>
    public const string PathBase = "/dashboard";

    /// <summary>
    /// The dashboard's security headers on every <c>/dashboard</c> answer. The client address and scheme are the
    /// host's (the gateway's forwarded-headers step, believing only <c>Gateway:TrustedProxies</c>), so the cookie is
    /// Secure behind TLS, a key's allowed_ips are checked against the client and sign-in throttling counts it.
    /// </summary>
    public static WebApplication UseDashboardRequests(this WebApplication app)
    {
        app.UseWhen(IsDashboard, dashboard => dashboard.UseMiddleware<DashboardSecurityHeaders>());
        return app;
    }

    /// <summary>The page, its assets and the JSON API the page calls.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        // A page for people, not part of any API description.
        var dashboard = app.MapGroup(PathBase).ExcludeFromDescription();
        dashboard.MapDashboardPages();

        var api = dashboard.MapGroup("/api").WithMetadata(RequestBodyLimit.Json);
        api.MapSessionEndpoints();
        api.MapGroup("")
            .RequireAuthorization(DashboardAuthentication.Policy)
            .MapDashboardUsageEndpoints()
            .MapDashboardKeyEndpoints()
            .MapDashboardTierEndpoints()
            .MapDashboardBillingEndpoints()
            .MapDashboardWebhookEndpoints();
        return app;
    }

    /// <summary>True for a request under <see cref="PathBase"/>.</summary>
    public static bool IsDashboard(HttpContext context) => context.Request.Path.StartsWithSegments(PathBase);
}
