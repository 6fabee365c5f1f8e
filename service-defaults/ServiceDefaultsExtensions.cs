using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.ServiceDefaults;

/// <summary>
/// The pair every Tollgate service calls: <see cref="AddServiceDefaults"/> while building and
/// <see cref="MapDefaultEndpoints"/> once built.
/// </summary>
public static class ServiceDefaultsExtensions
{
    // ASP.NET Core's, Kestrel's, the HTTP client's (what YARP forwards with) and the runtime's own meters.
    private static readonly string[] PlatformMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime"];

    // Platform instruments updated on every request that no dashboard, alert or document reads, left out: seven of about
    // a dozen metric updates per proxied request (BENCHMARKS.md, "Fifth pass"). The SDK does not subscribe to a dropped
    // instrument, and ASP.NET Core and HttpClient record only what is subscribed to. Requests in flight through the
    // proxy remain yarp_proxy_requests_current.
    private static readonly HashSet<string> NotExported =
    [
        "http.server.active_requests", "http.client.active_requests", "http.client.open_connections",
        "http.client.request.time_in_queue",
    ];

    // Durations in seconds from 100 µs to 10 s: the SDK's default buckets assume milliseconds.
    private static readonly double[] SecondsBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>
    /// Shared settings (<see cref="SharedSettings"/>), a Redis readiness check, the one answer to a failing store
    /// (<see cref="StoreUnavailableExceptionHandler"/>), metrics from the platform
    /// and from <paramref name="meters"/> exported for Prometheus, and traces over OTLP when configured (<see cref="ServiceTracing"/>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string[] args, params string[] meters)
    {
        builder.AddTollgateSettings(args);
        // ASP.NET Core's "Request starting" lines carry the full URL, and with it a key sent as ?api_key=.
        // Pinned in code so that raising log levels for a diagnosis never writes a key to the logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ManagementOptions>, ManagementOptionsValidator>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HealthEndpoints.ReadyTag]);
        // First of the exception handlers, so a store fault is answered the same way in every service.
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
        builder.Services.AddExceptionHandler<BillingUnavailableExceptionHandler>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PlatformMeters)
            .AddMeter(meters)
            .AddView(instrument => NotExported.Contains(instrument.Name)
                ? MetricStreamConfiguration.Drop
                : instrument.Unit == "s"
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets }
                    : null)
            // Every scrape sees the counts of that moment, not a copy up to 300 ms old.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.AddTollgateTracing();
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c> and <c>/health/ready</c> on every listener, and the Prometheus text endpoint <c>/metrics</c>
    /// on the management listener only (<see cref="ManagementOptions"/>). Call first, before any other middleware.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ManagementListener.Bind(app);
        // Routing first, explicitly: the listener filter decides by the endpoint a request matched.
        app.UseRouting();
        app.UseMiddleware<ManagementPortMiddleware>();
        app.MapTollgateHealth();
        app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(new ManagementEndpoint(AlsoPublic: false));
        return app;
    }
}
