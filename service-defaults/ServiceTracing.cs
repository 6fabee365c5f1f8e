using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Tollgate.ServiceDefaults;

/// <summary>
/// OpenTelemetry traces: incoming requests (ASP.NET Core), outgoing HTTP (HttpClient, which is also what YARP
/// forwards with), Redis commands and the activity sources a service adds with
/// <c>ConfigureOpenTelemetryTracerProvider</c>. Exported over OTLP only when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) is set, as an environment
/// variable or any other configuration source; the exporter reads the other <c>OTEL_*</c> settings itself. Whether
/// to trace is decided once, while the service is built: turning it on or off takes a restart.
/// </summary>
internal static class ServiceTracing
{
    /// <summary>The standard variables that name where spans go; either one turns tracing on.</summary>
    internal static readonly string[] EndpointSettings = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];

    public static IHostApplicationBuilder AddTollgateTracing(this IHostApplicationBuilder builder)
    {
        var serviceName = builder.Environment.ApplicationName;
        // Only a registration: nothing listens to these sources until a tracer provider is built, so they cost
        // nothing while tracing is off. Tests build one with an in-memory exporter over the same set.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, read after the default, win over it.
            .ConfigureResource(resource => resource.AddService(serviceName).AddEnvironmentVariableDetector())
            // Probes and scrapes every few seconds (and the gateway's warm-up) would bury the requests; query values are
            // redacted by the instrumentation (a key sent as ?api_key= never becomes an attribute).
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !OperationalPaths.IsOperational(context.Request.Path))
            .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                request.RequestUri is not { } uri || !uri.AbsolutePath.StartsWith(OperationalPaths.WarmUp, StringComparison.OrdinalIgnoreCase))
            .AddRedisInstrumentation());

        if (IsExportConfigured(builder.Configuration))
        {
            // Without an endpoint no tracer provider exists at all: no sampling, no span objects per request.
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddOtlpExporter());
        }
        return builder;
    }

    /// <summary>True when a standard OTLP endpoint setting is present and not blank.</summary>
    internal static bool IsExportConfigured(IConfiguration configuration) =>
        EndpointSettings.Any(name => !string.IsNullOrWhiteSpace(configuration[name]));
}
