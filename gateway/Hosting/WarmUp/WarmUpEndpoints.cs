using Tollgate.ServiceDefaults;

namespace Tollgate.Gateway.Hosting.WarmUp;

/// <summary>
/// Where the warm-up's route (<see cref="WarmUpRoute"/>) forwards: a fixed JSON body the size of a weather answer, only
/// to the running warm-up's own requests (404 otherwise, like any path the gateway does not serve).
/// </summary>
internal static class WarmUpEndpoints
{
    public const string SinkPath = OperationalPaths.WarmUp + "/sink";

    // About what the sample upstream answers for current weather.
    private static readonly byte[] SinkBody = System.Text.Encoding.UTF8.GetBytes(
        """{"city":"London","temperature_c":11.4,"feels_like_c":9.8,"humidity":81,"wind_kph":17.2,"condition":"light rain","observed_at":"2026-01-01T00:00:00Z"}""");

    public static IEndpointRouteBuilder MapWarmUp(this IEndpointRouteBuilder endpoints)
    {
        var state = endpoints.ServiceProvider.GetRequiredService<WarmUpState>();
        endpoints.MapGet(SinkPath, context =>
        {
            if (!state.IsWarmUpRequest(context))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = SinkBody.Length;
            return context.Response.Body.WriteAsync(SinkBody, context.RequestAborted).AsTask();
        }).ExcludeFromDescription();
        return endpoints;
    }
}
