using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Tollgate.ConsumerSide.OpenApi;
using Tollgate.Core;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Protection;
using Tollgate.SelfService.Problems;
using Tollgate.SelfService.Requests;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Verification;

/// <summary>
/// <c>POST /v1/keys/verify</c>: lets a service outside the proxy check a key its client presented, by the very rules of a
/// proxied request (<see cref="ConsumerResolver"/> with its key cache and <see cref="KeyAccess"/>, then the account's
/// limiter call), so a valid verification is counted like a proxied request and an invalid one never is. Authorized by a
/// bearer token of <c>Gateway:VerifyTokens</c>; with none configured the endpoint is not mapped (its path answers 404).
/// </summary>
internal static partial class KeyVerificationEndpoint
{
    public const string Path = "/v1/keys/verify";

    /// <summary>Most units one verification may take.</summary>
    public const int MaxCost = 1000;

    private const int MaxFeatureLength = 64;

    public static WebApplication MapKeyVerification(this WebApplication app)
    {
        if (app.Services.GetRequiredService<VerifyTokens>().IsEmpty)
        {
            Log.NotMapped(app.Logger);
            return app;
        }
        app.MapPost(Path, VerifyAsync)
            .WithMetadata(RequestBodyLimit.Json)
            .WithName("VerifyKey")
            .InConsumerDocument()
            .WithTags("Key verification")
            .WithSummary("Verify an API key and count the call")
            .WithDescription(
                "For services outside the proxy. Authorization: Bearer <one of Gateway:VerifyTokens>. Checks the key as a proxied " +
                "request would (revoked, expired, disabled, allowed_ips against client_ip, the feature against the tier and scopes) " +
                "and counts it against the account's windows. Always 200 once the caller and body are acceptable: valid:true with " +
                "the account, key, tier, scopes and remaining units, or valid:false with a code (unknown, revoked, expired, " +
                "forbidden, limited); an invalid key is never counted. A key with allowed_ips is forbidden without client_ip.")
            // The body is read by hand (to answer bad JSON as the problem it is), so say what it is.
            .Accepts<VerifyKeyRequest>("application/json")
            .Produces<VerifyKeyResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static async Task<Results<Ok<VerifyKeyResponse>, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        HttpContext context,
        VerifyTokens tokens,
        ConsumerResolver resolver,
        IRateLimiter limiter,
        AuthFailureThrottle failures,
        IOptions<JsonOptions> json,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(KeyVerificationEndpoint));
        if (Authorize(context, tokens, failures) is { } refused)
        {
            return refused;
        }

        VerifyKeyRequest? request;
        if (!context.Request.HasJsonContentType())
        {
            return ProblemCatalog.UnsupportedMediaType.Result("Send the body as application/json: {\"key\", \"feature\"?, \"cost\"?, \"client_ip\"?}.");
        }
        try
        {
            request = await context.Request.ReadFromJsonAsync<VerifyKeyRequest>(json.Value.SerializerOptions, context.RequestAborted);
        }
        catch (JsonException)
        {
            return ProblemCatalog.MalformedRequest.Result("The body is not the JSON object {\"key\", \"feature\"?, \"cost\"?, \"client_ip\"?}.");
        }

        var errors = new FieldErrors();
        var client = Validate(request, errors);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        try
        {
            return TypedResults.Ok(await CheckAsync(request!, client, resolver, limiter, context.RequestAborted));
        }
        catch (StoreUnavailableException e)
        {
            // As on the proxy path: the key or the limit cannot be checked and the outage policy refuses.
            Log.StoreUnavailable(logger, e);
            context.Response.Headers.RetryAfter = "1";
            return ProblemCatalog.LimiterUnavailable.Result("The gateway's key and limit store cannot serve this verification right now; try again shortly.");
        }
    }

    private static async Task<VerifyKeyResponse> CheckAsync(
        VerifyKeyRequest request, IPAddress? client, ConsumerResolver resolver, IRateLimiter limiter, CancellationToken cancellationToken)
    {
        // Made-up keys count as failed authentications of the key's client when it is named, never of the verifying service.
        var (consumer, failure) = await resolver.ResolveAsync(request.Key!, client, cancellationToken, recordFailures: client is not null);
        if (consumer is null)
        {
            return failure switch
            {
                AuthenticationFailure.Revoked => VerifyKeyResponse.Invalid("revoked"),
                AuthenticationFailure.Expired => VerifyKeyResponse.Invalid("expired"),
                AuthenticationFailure.Disabled => VerifyKeyResponse.Invalid("forbidden", "key_disabled"),
                AuthenticationFailure.AddressNotAllowed => VerifyKeyResponse.Invalid("forbidden", "address_not_allowed"),
                AuthenticationFailure.TierUnavailable => VerifyKeyResponse.Invalid("forbidden", "tier_unavailable"),
                _ => VerifyKeyResponse.Invalid("unknown"),
            };
        }

        if (request.Feature is { } feature)
        {
            var refusal = KeyAccess.CheckFeature(consumer.Key, consumer.Tier, feature);
            if (refusal != KeyRefusal.None)
            {
                return VerifyKeyResponse.Invalid("forbidden", refusal == KeyRefusal.FeatureNotInTier ? "feature_not_in_tier" : "feature_not_in_key_scope");
            }
        }

        // The proxy's own limiter call, taking the units the verifying service names (a route's Cost, as it were).
        var decision = await limiter.AcquireAsync(consumer.Account.Id, consumer.Key.KeyId, request.Cost ?? 1, consumer.Tier.Limits, cancellationToken);
        if (decision.Refuses)
        {
            return VerifyKeyResponse.Invalid("limited") with { RetryAfterSeconds = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds)) };
        }
        return new VerifyKeyResponse(true,
            AccountId: consumer.Account.Id,
            KeyId: consumer.Key.KeyId,
            Tier: consumer.Tier.Name,
            Scopes: consumer.Key.Scopes,
            Remaining: decision.Source == LimitSource.None || decision.Windows.Count < 3
                ? null
                : new RemainingUnits(RemainingIn(decision, LimitWindow.Hour), RemainingIn(decision, LimitWindow.Day), RemainingIn(decision, LimitWindow.Month)));
    }

    // By name: a tier with a burst limit lists its second window first.
    private static long RemainingIn(LimitDecision decision, LimitWindow window)
    {
        foreach (var usage in decision.Windows)
        {
            if (usage.Window.Name == window.Name)
            {
                return usage.Remaining;
            }
        }
        return 0;
    }

    /// <summary>Null when the request carries a verify token; otherwise the 401 to answer.</summary>
    private static ProblemHttpResult? Authorize(HttpContext context, VerifyTokens tokens, AuthFailureThrottle failures)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return ProblemCatalog.VerifyTokenMissing.Result("Send Authorization: Bearer <a token of Gateway:VerifyTokens>.");
        }
        if (!tokens.Accepts(header[scheme.Length..].Trim()))
        {
            // A guessed token is a failed authentication of the caller's address, throttled like a made-up API key.
            failures.RecordFailure(context.Connection.RemoteIpAddress);
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return ProblemCatalog.VerifyTokenInvalid.Result("The bearer token is not one of Gateway:VerifyTokens.");
        }
        return null;
    }

    /// <summary>The client address the request names (null when none); the reasons in <paramref name="errors"/> when it is invalid.</summary>
    private static IPAddress? Validate(VerifyKeyRequest? request, FieldErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "A JSON body {\"key\", \"feature\"?, \"cost\"?, \"client_ip\"?} is required.");
            return null;
        }
        if (string.IsNullOrEmpty(request.Key))
        {
            errors.Add("key", "'key' is required: the API key the client presented.");
        }
        if (request.Feature is { } feature && (feature.Length is 0 or > MaxFeatureLength || feature.Any(char.IsWhiteSpace)))
        {
            errors.Add("feature", $"'feature' must be a feature name such as \"historical\", at most {MaxFeatureLength} characters.");
        }
        if (request.Cost is < 1 or > MaxCost)
        {
            errors.Add("cost", $"'cost' must be a whole number from 1 to {MaxCost}.");
        }
        IPAddress? client = null;
        if (request.ClientIp is { } text && !IPAddress.TryParse(text, out client))
        {
            errors.Add("client_ip", "'client_ip' must be an IPv4 or IPv6 address.");
        }
        return client;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "No Gateway:VerifyTokens configured: POST /v1/keys/verify is not mapped.")]
        public static partial void NotMapped(ILogger logger);

        [LoggerMessage(2, LogLevel.Error, "Key store or limiter unavailable; verification refused with 503.")]
        public static partial void StoreUnavailable(ILogger logger, Exception exception);
    }
}
