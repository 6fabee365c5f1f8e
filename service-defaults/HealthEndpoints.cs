using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tollgate.ServiceDefaults;

/// <summary>
/// <c>/health/live</c> (the process answers; no dependency is checked) and <c>/health/ready</c> (every
/// check tagged <see cref="ReadyTag"/>, 200 only when all are healthy), both answering JSON with each check's status, on the public and the
/// management listener alike.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Tag of checks that must pass before the service takes traffic.</summary>
    public const string ReadyTag = "ready";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IEndpointRouteBuilder MapTollgateHealth(this IEndpointRouteBuilder endpoints)
    {
        // On the public listener too: load balancers and container health checks call it there.
        var both = new ManagementEndpoint(AlsoPublic: true);
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).WithMetadata(both);
        // Ready only when every check is healthy: a degraded one (the gateway's start-up warm-up) is not ready either.
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
            // The default maps Healthy to 200 and Unhealthy to 503; only Degraded (200 by default) changes.
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        }).WithMetadata(both);
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            Status = report.Status.ToString(),
            Checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { Status = e.Value.Status.ToString(), e.Value.Description, e.Value.Data }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }
}
