using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.SampleWeather.Contracts;

namespace Tollgate.SampleWeather.Endpoints;

/// <summary>Health probe and the header echo that gateway tests use to see what was forwarded.</summary>
internal static class DiagnosticsEndpoints
{
    private static readonly HealthResponse Healthy = new("ok");

    internal static IEndpointRouteBuilder MapDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", GetHealth).WithName("Health");
        // Lives under the weather prefix so it goes through exactly the same gateway route as the real API.
        endpoints.MapGet($"{WeatherEndpoints.RoutePrefix}/echo-headers", EchoHeaders).WithName("EchoHeaders");
        return endpoints;
    }

    internal static Ok<HealthResponse> GetHealth() => TypedResults.Ok(Healthy);

    internal static Ok<EchoHeadersResponse> EchoHeaders(HttpRequest request)
    {
        // Names are lower-cased (they are case-insensitive, and HTTP/2 sends them lower-case anyway) and
        // sorted, so tests can look a header up by one spelling and the output order is stable.
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = string.Join(", ", (IEnumerable<string?>)values);
        }

        return TypedResults.Ok(new EchoHeadersResponse(
            request.Method,
            $"{request.PathBase}{request.Path}",
            request.QueryString.Value ?? string.Empty,
            headers));
    }
}
