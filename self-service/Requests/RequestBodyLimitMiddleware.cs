using Microsoft.AspNetCore.Http.Metadata;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.SelfService.Requests;

/// <summary>
/// Answers 413 at once when a request declares a body larger than its endpoint's <see cref="RequestBodyLimit"/>.
/// Bodies sent without a length are cut off by the server while they are read (and the read fails with the
/// 413 the service's exception handler reports).
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (limit is not { } max || context.Request.ContentLength is not { } length || length <= max)
        {
            return next(context);
        }
        var kind = ProblemCatalog.PayloadTooLarge;
        return kind.Result($"The request body is {length} bytes; this endpoint accepts at most {max}.").ExecuteAsync(context);
    }
}
