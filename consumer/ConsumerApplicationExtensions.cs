using Tollgate.ConsumerSide.Dashboard;
using Tollgate.ConsumerSide.OpenApi;
using Tollgate.ConsumerSide.Subscription;
using Tollgate.SelfService.Requests;

namespace Tollgate.ConsumerSide;

/// <summary>Everything a consumer touches besides the proxied routes: the subscription API and the developer dashboard.</summary>
public static class ConsumerApplicationExtensions
{
    /// <summary>
    /// Maps the consumer side. Call after the host's client-address step (the dashboard's allowed_ips check, sign-in
    /// throttle and Secure cookie see the client the host found) and after its exception and status-code pages.
    /// </summary>
    public static WebApplication MapConsumerSide(this WebApplication app)
    {
        app.UseDashboardRequests();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.MapSubscriptionApi();
        app.MapDashboard();
        app.MapConsumerOpenApi();
        return app;
    }
}
