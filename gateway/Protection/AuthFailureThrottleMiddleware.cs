using System.Globalization;
using Tollgate.Core.Keys;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Problems;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Protection;

/// <summary>
/// Before routing and authentication: a client address that has run out of failed authentications
/// (<see cref="AuthFailureThrottle"/>) gets 429 for any request that presents a key the gateway does not know
/// to be real, before that key costs a Redis lookup. Requests without a key, and keys found in Redis recently,
/// go on as usual, so a client with a valid key is never refused here.
/// </summary>
internal sealed class AuthFailureThrottleMiddleware(
    RequestDelegate next,
    AuthFailureThrottle throttle,
    ApiKeyHasher hasher,
    KeyRecordCache cache,
    ProblemWriter problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!throttle.IsRefused(context.Connection.RemoteIpAddress, out var retryAfter) || !PresentsUnrecognisedKey(context.Request))
        {
            return next(context);
        }
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return problems.WriteAsync(context, ProblemCatalog.TooManyFailedAuthentications,
            $"Too many requests from your address had a malformed or unknown API key. Try again in {seconds} s with a valid key.").AsTask();
    }

    /// <summary>A malformed key, or a well-formed one that Redis has not recently confirmed. No I/O.</summary>
    private bool PresentsUnrecognisedKey(HttpRequest request) =>
        ApiKeyCredentials.TryRead(request, out var rawKey) == AuthenticationFailure.None
        && (!ApiKeyFormat.IsWellFormed(rawKey) || !cache.IsKnownKey(hasher.Hash(rawKey)));
}
