using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Tollgate.Core;
using Tollgate.Core.Redis;

namespace Tollgate.ServiceDefaults.Problems;

/// <summary>
/// The one answer every service gives when its store fails a request: 503 problem+json
/// <c>urn:tollgate:problem:store-unavailable</c> with <c>Retry-After</c>, never a 500. Registered first by
/// <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>, so a service's own handler sees only the rest. The
/// gateway's proxy steps never get here: they answer a store fault with the outage policy themselves.
/// </summary>
/// <remarks>
/// A call through the guard fails with <see cref="StoreUnavailableException"/>. A call that did not go through it (the
/// admin API reads its stores directly) fails with the client's own exception; core's classifier decides whether that
/// is the store failing, so no service names a Redis client exception itself.
/// </remarks>
internal sealed partial class StoreUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<StoreUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait: about the guard's break, after which Redis is tried again.</summary>
    private const string RetryAfterSeconds = "1";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (RedisFaults.Classify(exception) is not { } unavailable)
        {
            return false;
        }
        Log.StoreUnavailable(logger, unavailable.Fault, httpContext.Request.Method, httpContext.Request.Path, exception);

        var kind = ProblemCatalog.StoreUnavailable;
        httpContext.Response.StatusCode = kind.Status;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        httpContext.Features.Set(kind); // the service answered this itself: request telemetry counts it as such
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = kind.Status,
                Type = kind.Type,
                Title = kind.Title,
                Detail = "The store behind this service cannot serve the request right now; try again shortly.",
            },
            Exception = exception,
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Store unavailable ({Fault}); {Method} {Path} answered with 503.")]
        public static partial void StoreUnavailable(ILogger logger, StoreFault fault, string method, PathString path, Exception exception);
    }
}
