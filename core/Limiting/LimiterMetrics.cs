using System.Diagnostics.Metrics;

namespace Tollgate.Core.Limiting;

/// <summary>The limiter's instruments (meter <c>Tollgate.Limiter</c>).</summary>
public sealed class LimiterMetrics
{
    /// <summary>Name of the meter, for exporters to subscribe to.</summary>
    public const string MeterName = "Tollgate.Limiter";

    private readonly Histogram<double> _scriptDuration;
    private readonly Counter<long> _fallbacks;

    public LimiterMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _scriptDuration = meter.CreateHistogram<double>("tollgate.limiter.script.duration", "s",
            "Time of one sliding-window script call to Redis, as the gateway waits for it.");
        _fallbacks = meter.CreateCounter<long>("tollgate.limiter.fallbacks", "{decision}",
            "Decisions made without Redis, by failure policy (Local, FailOpen, FailClosed).");
    }

    internal void ScriptCompleted(TimeSpan elapsed) => _scriptDuration.Record(elapsed.TotalSeconds);

    internal void Fallback(RedisFailurePolicy policy) => _fallbacks.Add(1, new KeyValuePair<string, object?>("policy", policy.ToString()));
}
