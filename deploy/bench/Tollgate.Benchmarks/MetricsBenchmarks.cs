#if GATEWAY_INTERNALS
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Tollgate.Gateway.Observability;

namespace Tollgate.Benchmarks;

/// <summary>
/// What the gateway's per-request counts cost with the metrics SDK listening, as it does in every gateway (the
/// Prometheus exporter's reader): the request count (route, tier, outcome; a tagged <c>Counter.Add</c>)
/// and a key-cache hit (two per keyed request), as a tagged <c>Counter.Add</c> (how <c>GatewayMetrics</c> counted it
/// before) and as <c>GatewayMetrics</c> counts it now (an increment, read by an observable counter at collection).
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "The provider and meter end in [GlobalCleanup], where BenchmarkDotNet ends a case's state.")]
public class MetricsBenchmarks
{
    private ServiceProvider? _services;
    private MeterProvider? _provider;
    private Meter? _meter;
    private Counter<long>? _lookups;
    private GatewayMetrics? _metrics;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new GatewayMetrics(_services.GetRequiredService<IMeterFactory>());
        _meter = new Meter("Tollgate.Benchmarks.TaggedCounters");
        _lookups = _meter.CreateCounter<long>("tollgate.gateway.key_cache.lookups");
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(GatewayMetrics.MeterName, _meter.Name)
            .AddReader(new BaseExportingMetricReader(new DiscardingExporter()))
            .Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        _meter?.Dispose();
        _services?.Dispose();
    }

    [Benchmark]
    public void Request_GatewayMetrics() => _metrics!.Request("weather-current", "enterprise", "admitted");

    [Benchmark]
    public void KeyCacheHit_TaggedAdd() => _lookups!.Add(1, new KeyValuePair<string, object?>("result", "hit"));

    [Benchmark]
    public void KeyCacheHit_GatewayMetrics() => _metrics!.KeyCacheHit();

    private sealed class DiscardingExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
#endif
