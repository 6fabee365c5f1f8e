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
    // Not async itself: a route without a key (and a key already in the cache) goes on to the next step without an
    // async frame of this step's own per request.
    public Task InvokeAsync(HttpContext context)
    {
        if (!policies.TryGet(context, out var policy))
        {
            return policies.RefuseAsync(context, "authentication").AsTask();
        }
        if (!policy.RequiresKey)
        {
            return next(context);
        }

        // A store failure comes out of the awaited task (AuthenticateAsync is async), handled below.
        var authenticating = authenticator.AuthenticateAsync(context);
        if (authenticating.IsCompletedSuccessfully)
        {
            return authenticating.Result ? next(context) : Task.CompletedTask;
        }
        return AuthenticateAndForwardAsync(context, authenticating);
    }

    private async Task AuthenticateAndForwardAsync(HttpContext context, ValueTask<bool> authenticating)
    {
        bool authenticated;
        try
        {
            authenticated = await authenticating;
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
