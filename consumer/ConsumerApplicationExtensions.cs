using Microsoft.AspNetCore.Authorization;
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
        // Sessions and policies only where they can apply: the dashboard (its session cookie is Path=/dashboard) and any
        // endpoint that asks for authorization. Every other request (the proxied API calls above all) skips the session
        // scheme, the request's service scope it needs and the policy step: about 1.6 KB allocated per request.
        app.UseWhen(UsesSignIn, signIn =>
        {
            signIn.UseAuthentication();
            signIn.UseAuthorization();
        });
        // The web application adds both steps in front of everything when the app itself never called them (the branch
        // has its own copy of these properties); the keys are the ones UseAuthentication/UseAuthorization set.
        var properties = ((IApplicationBuilder)app).Properties;
        properties["__AuthenticationMiddlewareSet"] = true;
        properties["__AuthorizationMiddlewareSet"] = true;
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.MapSubscriptionApi();
        app.MapDashboard();
        app.MapConsumerOpenApi();
        return app;
    }

    private static bool UsesSignIn(HttpContext context) =>
        DashboardApplicationExtensions.IsDashboard(context)
        || context.GetEndpoint()?.Metadata is { } metadata
            && (metadata.GetMetadata<IAuthorizeData>() is not null || metadata.GetMetadata<AuthorizationPolicy>() is not null
                || metadata.GetMetadata<IAuthorizationRequirementData>() is not null);
}
