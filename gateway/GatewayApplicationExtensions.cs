using Tollgate.ConsumerSide;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Authorization;
using Tollgate.Gateway.Billing;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Forwarding;
using Tollgate.Gateway.Hosting.WarmUp;
using Tollgate.Gateway.Limiting;
using Tollgate.Gateway.Observability;
using Tollgate.Gateway.Protection;
using Tollgate.Gateway.Verification;

namespace Tollgate.Gateway;

/// <summary>The gateway's request pipeline and endpoints.</summary>
internal static class GatewayApplicationExtensions
{
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.Services.GetRequiredService<YarpCountersBridge>(); // starts listening to YARP's event counters
        app.Services.GetRequiredService<UpstreamHealthMetrics>(); // creates its gauges before the first scrape
        app.UseClientAddress();
        app.UseMiddleware<RequestTelemetryMiddleware>();

        // Unhandled errors and bare status codes (404, YARP's 502/504) become problem+json too.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Before anything that may ask Redis about a key (the proxy and the gateway's own keyed endpoints).
        app.UseMiddleware<AuthFailureThrottleMiddleware>();

        // The public consumer side (subscription API, dashboard): answered here, never proxied.
        app.MapConsumerSide();
        app.MapStripeWebhook();
        app.MapKeyVerification();
        app.MapWarmUp();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ApiKeyAuthenticationMiddleware>();
            proxy.UseMiddleware<FeatureAccessMiddleware>();
            proxy.UseMiddleware<TierLimitMiddleware>();
            proxy.UseMiddleware<ResponseCacheMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
