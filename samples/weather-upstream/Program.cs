using System.Text.Json;
using Tollgate.SampleWeather.Endpoints;
using Tollgate.SampleWeather.Serialization;

namespace Tollgate.SampleWeather;

/// <summary>
/// Entry point of the sample weather upstream. A namespaced class rather than top-level
/// statements: the gateway has its own global <c>Program</c>, and a test project that hosts
/// both through <c>WebApplicationFactory&lt;Program&gt;</c> would otherwise hit an ambiguous type.
/// </summary>
public sealed class Program
{
    /// <summary>Builds and runs the service.</summary>
    public static void Main(string[] args)
    {
        // Slim builder: this service needs no HTTPS, IIS or static files, so it starts faster without them.
        var builder = WebApplication.CreateSlimBuilder(args);

        // appsettings.json "Urls" is loaded after the ASPNETCORE_-prefixed variables and would silently
        // win over ASPNETCORE_URLS; re-adding them (and the command line, to keep --urls on top) restores
        // the usual override order: command line > ASPNETCORE_URLS > appsettings.json.
        builder.Configuration.AddEnvironmentVariables(prefix: "ASPNETCORE_");
        builder.Configuration.AddCommandLine(args);

        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // Source-generated metadata first; the reflection resolver behind it still covers ProblemDetails.
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, WeatherJsonContext.Default);
        });

        var app = builder.Build();

        // Unhandled exceptions and bare status codes (404, 405) become application/problem+json too.
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.MapWeatherApi();
        app.MapDiagnostics();

        app.Run();
    }
}
