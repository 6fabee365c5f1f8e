using Microsoft.AspNetCore.Mvc;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Problems;

/// <summary>Writes an <c>application/problem+json</c> answer through ASP.NET Core's problem details service.</summary>
internal sealed class ProblemWriter(IProblemDetailsService problemDetails)
{
    public ValueTask WriteAsync(HttpContext context, ProblemKind kind, string detail, IDictionary<string, object?>? extensions = null)
    {
        context.Response.StatusCode = kind.Status;
        context.Features.Set(kind); // tells the request telemetry that the gateway itself refused

        var problem = new ProblemDetails
        {
            Status = kind.Status,
            Type = kind.Type,
            Title = kind.Title,
            Detail = detail,
        };
        if (extensions is not null)
        {
            foreach (var (name, value) in extensions)
            {
                problem.Extensions[name] = value;
            }
        }
        return problemDetails.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
