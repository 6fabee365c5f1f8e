using Tollgate.Gateway.Routing;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// First proxy step: when the request's route needs a key, ties the request to a <see cref="Consumer"/> or answers
/// 400/401/403. A known key is resolved from memory, without Redis. A route without a policy is refused.
/// </summary>
internal sealed class ApiKeyAuthenticationMiddleware(RequestDelegate next, RoutePolicies policies, ConsumerAuthenticator authenticator)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!policies.TryGet(context, out var policy))
        {
            await policies.RefuseAsync(context, "authentication");
            return;
        }
        if (!policy.RequiresKey || await authenticator.AuthenticateAsync(context))
        {
            await next(context);
        }
    }
}
