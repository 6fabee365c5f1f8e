using Tollgate.Core;
using Tollgate.Gateway.Problems;
using Tollgate.Gateway.Routing;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// First proxy step: when the request's route needs a key, ties the request to a <see cref="Consumer"/> or answers
/// 400/401/403. A known key is resolved from memory, without Redis; one that cannot be checked because the store fails
/// (and is not in the cache's stale allowance) is refused with 503, never called unknown. A route without a policy is
/// refused.
/// </summary>
internal sealed partial class ApiKeyAuthenticationMiddleware(
    RequestDelegate next,
    RoutePolicies policies,
    ConsumerAuthenticator authenticator,
    ProblemWriter problems,
    ILogger<ApiKeyAuthenticationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!policies.TryGet(context, out var policy))
        {
            await policies.RefuseAsync(context, "authentication");
            return;
        }
        if (!policy.RequiresKey)
        {
            await next(context);
            return;
        }

        bool authenticated;
        try
        {
            authenticated = await authenticator.AuthenticateAsync(context);
        }
        catch (StoreUnavailableException e)
        {
            Log.KeyStoreUnavailable(logger, e);
            await ProxyOutage.WriteAsync(context, problems);
            return;
        }
        if (authenticated)
        {
            await next(context);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Key store unavailable; request refused with 503.")]
        public static partial void KeyStoreUnavailable(ILogger logger, Exception exception);
    }
}
