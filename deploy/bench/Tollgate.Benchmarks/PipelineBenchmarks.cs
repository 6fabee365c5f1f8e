#if GATEWAY_INTERNALS
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Tollgate.Gateway.Hosting.WarmUp;
using Tollgate.Gateway.Observability;

namespace Tollgate.Benchmarks;

/// <summary>
/// The gateway's own middleware in front of the proxy, over a fresh <see cref="DefaultHttpContext"/> per request and a
/// terminal step that answers 200 (where the proxy would forward): the request telemetry middleware (request counter
/// by route, tier and outcome), the exception handler and the status-code pages, as <c>MapGateway</c> orders them.
/// <see cref="Exported"/> true adds an OpenTelemetry meter provider with the Prometheus exporter over the gateway's
/// meter, as a running gateway has; false is no listener at all (every <c>Counter.Add</c> returns at once).
/// <c>Terminal</c> is the terminal step alone: the baseline every other case adds to.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "The provider ends in [GlobalCleanup], where BenchmarkDotNet ends a case's state.")]
public class PipelineBenchmarks
{
    private ServiceProvider _services = null!;
    private RequestDelegate _terminal = null!;
    private RequestDelegate _telemetry = null!;
    private RequestDelegate _chain = null!;

    [Params(false, true)]
    public bool Exported { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        // What the web host registers and the exception handler asks for.
        services.AddSingleton(new DiagnosticListener("Microsoft.AspNetCore"));
        services.AddProblemDetails();
        services.AddSingleton<GatewayMetrics>();
        // The telemetry middleware leaves the start-up warm-up's own requests out; none runs here.
        services.AddSingleton<WarmUpState>();
        if (Exported)
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName)
                .AddPrometheusExporter());
        }
        _services = services.BuildServiceProvider();
        if (Exported)
        {
            _services.GetRequiredService<MeterProvider>();
        }

        _terminal = Build(_ => { });
        _telemetry = Build(app => app.UseMiddleware<RequestTelemetryMiddleware>());
        _chain = Build(app =>
        {
            app.UseMiddleware<RequestTelemetryMiddleware>();
            app.UseExceptionHandler();
            app.UseStatusCodePages();
        });
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public Task Terminal() => _terminal(NewContext());

    [Benchmark]
    public Task Telemetry() => _telemetry(NewContext());

    [Benchmark]
    public Task TelemetryExceptionHandlerStatusPages() => _chain(NewContext());

    private RequestDelegate Build(Action<IApplicationBuilder> configure)
    {
        var app = new ApplicationBuilder(_services);
        configure(app);
        app.Run(static context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        return app.Build();
    }

    private DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/api/v3/weather/current";
        return context;
    }
}
#endif
