using System.Diagnostics.Metrics;
using Tollgate.Gateway.Health;
using Yarp.ReverseProxy;

namespace Tollgate.Gateway.Observability;

/// <summary>
/// The upstream clusters' destinations, all and healthy by YARP's active and passive health checks, per cluster: the
/// gauges <c>tollgate.gateway.upstream.destinations</c> and <c>tollgate.gateway.upstream.destinations.healthy</c>
/// (meter <see cref="GatewayMetrics.MeterName"/>). YARP keeps that state but exports no metric of it; read at each
/// scrape, as the readiness check reads it.
/// </summary>
internal sealed class UpstreamHealthMetrics
{
    public UpstreamHealthMetrics(IMeterFactory meterFactory, IProxyStateLookup proxyState)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge("tollgate.gateway.upstream.destinations",
            () => proxyState.GetClusters().Select(c => new Measurement<int>(c.Destinations.Count, Cluster(c.ClusterId))),
            "{destination}", "Destinations configured per upstream cluster.");
        meter.CreateObservableGauge("tollgate.gateway.upstream.destinations.healthy",
            () => proxyState.GetClusters().Select(c => new Measurement<int>(UpstreamClustersHealthCheck.HealthyDestinations(c), Cluster(c.ClusterId))),
            "{destination}", "Destinations per upstream cluster that YARP's active and passive health checks do not consider unhealthy.");
    }

    private static KeyValuePair<string, object?> Cluster(string clusterId) => new("cluster", clusterId);
}
