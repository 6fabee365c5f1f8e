using System.Diagnostics;
using Tollgate.Core;
using Tollgate.Gateway.Observability;
using Tollgate.Gateway.Problems;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// Ties a request to a <see cref="Consumer"/> (kept in <c>HttpContext.Features</c>) or answers it with
/// the matching 400/401/403 problem. Used by the proxy pipeline and by the gateway's own keyed endpoints. When the key
/// store fails it throws <see cref="StoreUnavailableException"/>: each caller answers that in its own way.
/// </summary>
internal sealed partial class ConsumerAuthenticator(
    ConsumerResolver resolver,
    ProblemWriter problems,
    ILogger<ConsumerAuthenticator> logger)
{
    /// <summary>True when the request carries a usable key; otherwise the refusal has been written.</summary>
    public async ValueTask<bool> AuthenticateAsync(HttpContext context)
    {
        using var span = GatewayTracing.Source.StartActivity(GatewayTracing.AuthenticateSpan);
        var failure = ApiKeyCredentials.TryRead(context.Request, out var rawKey);
        Consumer? consumer = null;
        if (failure == AuthenticationFailure.None)
        {
            try
            {
                (consumer, failure) = await resolver.ResolveAsync(rawKey, context.Connection.RemoteIpAddress, context.RequestAborted);
            }
            catch (StoreUnavailableException)
            {
                // Answered by the caller: the proxy path with its outage policy, the gateway's own endpoints as every service does.
                span?.SetTag(GatewayTracing.AuthOutcome, "unavailable").SetStatus(ActivityStatusCode.Error);
                throw;
            }
        }

        if (consumer is null)
        {
            span?.SetTag(GatewayTracing.AuthOutcome, Outcome(failure));
            await RejectAsync(context, failure, rawKey);
            return false;
        }
        context.Features.Set(consumer);
        span?.SetTag(GatewayTracing.AuthOutcome, "authenticated").SetTag(GatewayTracing.Tier, consumer.Tier.Name);
        return true;
    }

    private static string Outcome(AuthenticationFailure failure) => failure switch
    {
        AuthenticationFailure.AddressNotAllowed => "address_not_allowed",
        AuthenticationFailure.TierUnavailable => "tier_unavailable",
        _ => failure.ToString().ToLowerInvariant(),
    };

    private ValueTask RejectAsync(HttpContext context, AuthenticationFailure failure, string rawKey)
    {
        // Only a well-formed key's prefix is logged: it identifies the key without revealing it.
        var prefix = failure is AuthenticationFailure.Revoked or AuthenticationFailure.Disabled or AuthenticationFailure.Expired or AuthenticationFailure.Unknown
            or AuthenticationFailure.AddressNotAllowed
            ? Core.Keys.ApiKeyFormat.PrefixOf(rawKey)
            : "-";
        Log.Rejected(logger, failure, prefix);

        var (kind, detail) = failure switch
        {
            AuthenticationFailure.Missing => (ProblemCatalog.KeyMissing,
                $"Send your API key in the {ApiKeyCredentials.HeaderName} header or the {ApiKeyCredentials.QueryName} query parameter."),
            AuthenticationFailure.Ambiguous => (ProblemCatalog.KeyAmbiguous,
                $"Send exactly one API key, in the {ApiKeyCredentials.HeaderName} header or the {ApiKeyCredentials.QueryName} query parameter."),
            AuthenticationFailure.Malformed => (ProblemCatalog.KeyMalformed, "The API key is not in the issued format; check it was copied whole."),
            AuthenticationFailure.Revoked => (ProblemCatalog.KeyRevoked, "This API key has been revoked."),
            AuthenticationFailure.Expired => (ProblemCatalog.KeyExpired, "This API key has expired."),
            AuthenticationFailure.Disabled => (ProblemCatalog.KeyDisabled,
                "This API key is disabled: the account's current plan allows fewer keys. It works again once the account moves to a plan with room for it."),
            AuthenticationFailure.AddressNotAllowed => (ProblemCatalog.AddressNotAllowed, "This API key may not be used from your network address."),
            AuthenticationFailure.TierUnavailable => (ProblemCatalog.TierUnavailable, "Your account's subscription tier is not offered any more; contact support."),
            _ => (ProblemCatalog.KeyUnknown, "This API key is not recognised."),
        };
        if (kind.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyCredentials.HeaderName}\"";
        }
        return problems.WriteAsync(context, kind, detail);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Request refused: {Failure} (key prefix {KeyPrefix}).")]
        public static partial void Rejected(ILogger logger, AuthenticationFailure failure, string keyPrefix);
    }
}
