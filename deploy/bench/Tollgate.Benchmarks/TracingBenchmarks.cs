#if GATEWAY_INTERNALS
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Tollgate.Gateway.Observability;

namespace Tollgate.Benchmarks;

/// <summary>
/// What the gateway's own spans (<c>GatewayTracing</c>, internal to the gateway) cost per request: one span with the
/// limiter's three attributes. <see cref="Traced"/> false is a gateway without <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, where
/// no tracer provider listens and <c>StartActivity</c> returns null; true is one with a listener that samples and
/// records everything (as a tracer provider does before its exporter), the upper bound of what tracing adds.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "The listener ends in [GlobalCleanup], where BenchmarkDotNet ends a case's state.")]
public class TracingBenchmarks
{
    private ActivityListener? _listener;

    [Params(false, true)]
    public bool Traced { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Traced)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == GatewayTracing.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_listener);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _listener?.Dispose();

    [Benchmark]
    public bool LimiterSpan()
    {
        using var span = GatewayTracing.Source.StartActivity(GatewayTracing.LimitSpan);
        span?.SetTag(GatewayTracing.Tier, "pro")
            .SetTag(GatewayTracing.LimitDecision, "admitted")
            .SetTag(GatewayTracing.LimitSource, "redis");
        return span is null;
    }
}
#endif
