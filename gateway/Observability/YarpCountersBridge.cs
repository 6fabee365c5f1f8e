using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Tollgate.Gateway.Observability;

/// <summary>
/// YARP reports its forwarder counters (requests started, failed, in flight) only as EventCounters of the
/// <c>Yarp.ReverseProxy</c> event source; this listener turns them into gauges of the gateway's meter, so
/// they appear on <c>/metrics</c> beside the HTTP client's own forwarding metrics.
/// </summary>
internal sealed class YarpCountersBridge : EventListener
{
    private const string SourceName = "Yarp.ReverseProxy";

    private static readonly Dictionary<string, string> Exported = new(StringComparer.Ordinal)
    {
        ["requests-started"] = "yarp.proxy.requests.started",
        ["requests-failed"] = "yarp.proxy.requests.failed",
        ["current-requests"] = "yarp.proxy.requests.current",
    };

    private readonly ConcurrentDictionary<string, double> _values = new(StringComparer.Ordinal);

    public YarpCountersBridge(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        foreach (var (counter, instrument) in Exported)
        {
            meter.CreateObservableGauge(instrument, () => _values.GetValueOrDefault(counter), "{request}",
                $"YARP's '{counter}' event counter.");
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            // Counters only: at Critical with no keywords the per-request events stay off the hot path.
            EnableEvents(eventSource, EventLevel.Critical, EventKeywords.None,
                new Dictionary<string, string?> { ["EventCounterIntervalSec"] = "5" });
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "EventCounters" || eventData.Payload is not [IDictionary<string, object?> payload, ..])
        {
            return;
        }
        if (payload.TryGetValue("Name", out var name) && name is string counter && Exported.ContainsKey(counter)
            && payload.TryGetValue("Mean", out var mean) && mean is not null)
        {
            _values[counter] = Convert.ToDouble(mean, CultureInfo.InvariantCulture);
        }
    }
}
