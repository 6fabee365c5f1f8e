using Tollgate.Gateway.Routing;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// First proxy step: reads the route's policy and, when the route needs a key, ties the request to a
/// <see cref="Consumer"/> or answers 400/401/403. A known key is resolved from memory, without Redis.
/// </summary>
internal sealed class ApiKeyAuthenticationMiddleware(RequestDelegate next, RoutePolicies policies, ConsumerAuthenticator authenticator)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var policy = policies.For(context.GetReverseProxyFeature().Route.Config);
        context.Features.Set(policy);
        if (!policy.RequiresKey || await authenticator.AuthenticateAsync(context))
        {
            await next(context);
        }
    }
}
