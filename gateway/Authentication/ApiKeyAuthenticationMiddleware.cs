using Tollgate.Gateway.Problems;
using Tollgate.Gateway.Routing;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// First proxy step: reads the route's policy and, when the route needs a key, ties the request to a
/// <see cref="Consumer"/> or answers 400/401. A known key is resolved from memory, without Redis.
/// </summary>
internal sealed partial class ApiKeyAuthenticationMiddleware(
    RequestDelegate next,
    RoutePolicies policies,
    ConsumerResolver resolver,
    ProblemWriter problems,
    ILogger<ApiKeyAuthenticationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var policy = policies.For(context.GetReverseProxyFeature().Route.Config);
        context.Features.Set(policy);
        if (!policy.RequiresKey)
        {
            await next(context);
            return;
        }

        var failure = ApiKeyCredentials.TryRead(context.Request, out var rawKey);
        Consumer? consumer = null;
        if (failure == AuthenticationFailure.None)
        {
            try
            {
                (consumer, failure) = await resolver.ResolveAsync(rawKey, context.Connection.RemoteIpAddress, context.RequestAborted);
            }
            catch (Exception e) when (RedisFailure.Is(e))
            {
                Log.KeyStoreUnavailable(logger, e);
                await RedisFailure.WriteAsync(context, problems);
                return;
            }
        }

        if (consumer is null)
        {
            await RejectAsync(context, failure, rawKey);
            return;
        }
        context.Features.Set(consumer);
        await next(context);
    }

    private ValueTask RejectAsync(HttpContext context, AuthenticationFailure failure, string rawKey)
    {
        // Only a well-formed key's prefix is logged: it identifies the key without revealing it.
        var prefix = failure is AuthenticationFailure.Revoked or AuthenticationFailure.Expired or AuthenticationFailure.Unknown
            or AuthenticationFailure.AddressNotAllowed
            ? Core.Keys.ApiKeyFormat.PrefixOf(rawKey)
            : "-";
        Log.Rejected(logger, failure, prefix);

        var (kind, detail) = failure switch
        {
            AuthenticationFailure.Missing => (GatewayProblems.KeyMissing,
                $"Send your API key in the {ApiKeyCredentials.HeaderName} header or the {ApiKeyCredentials.QueryName} query parameter."),
            AuthenticationFailure.Ambiguous => (GatewayProblems.KeyAmbiguous,
                $"Send exactly one API key, in the {ApiKeyCredentials.HeaderName} header or the {ApiKeyCredentials.QueryName} query parameter."),
            AuthenticationFailure.Malformed => (GatewayProblems.KeyMalformed, "The API key is not in the issued format; check it was copied whole."),
            AuthenticationFailure.Revoked => (GatewayProblems.KeyRevoked, "This API key has been revoked."),
            AuthenticationFailure.Expired => (GatewayProblems.KeyExpired, "This API key has expired."),
            AuthenticationFailure.AddressNotAllowed => (GatewayProblems.AddressNotAllowed, "This API key may not be used from your network address."),
            AuthenticationFailure.TierUnavailable => (GatewayProblems.TierUnavailable, "Your account's subscription tier is not offered any more; contact support."),
            _ => (GatewayProblems.KeyUnknown, "This API key is not recognised."),
        };
        if (kind.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyCredentials.HeaderName}\"";
        }
        return problems.WriteAsync(context, kind, detail);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Request refused: {Failure} (key prefix {KeyPrefix}).")]
        public static partial void Rejected(ILogger logger, AuthenticationFailure failure, string keyPrefix);

        [LoggerMessage(2, LogLevel.Error, "Key store unavailable; request refused with 503.")]
        public static partial void KeyStoreUnavailable(ILogger logger, Exception exception);
    }
}
