using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Billing;

namespace Tollgate.ServiceDefaults.Problems;

/// <summary>
/// The answer when the payment provider cannot be reached for a request that needs it (a checkout, a subscription change, a portal
/// session): 503 problem+json <c>urn:tollgate:problem:billing-unavailable</c> with <c>Retry-After</c>. Nothing was charged or
/// changed, so the caller may simply retry; a 402 would wrongly tell them their payment was refused.
/// </summary>
internal sealed partial class BillingUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<BillingUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait: a provider's outage outlasts a retry loop, so not at once.</summary>
    public const string RetryAfterSeconds = "30";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BillingUnavailableException unavailable)
        {
            return false;
        }
        Log.BillingUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception);

        var kind = ProblemCatalog.BillingUnavailable;
        httpContext.Response.StatusCode = kind.Status;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        httpContext.Features.Set(kind);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = kind.Status, Type = kind.Type, Title = kind.Title, Detail = unavailable.Message },
            Exception = exception,
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Payment provider unavailable; {Method} {Path} answered with 503.")]
        public static partial void BillingUnavailable(ILogger logger, string method, PathString path, Exception exception);
    }
}
