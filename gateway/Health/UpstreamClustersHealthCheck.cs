using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Health;

/// <summary>
/// Ready only when every configured cluster has a destination that YARP's active and passive health
/// checks do not consider unhealthy. (Routing itself still tries an unhealthy-only cluster — YARP's
/// "panic" fallback — so a consumer gets a 502 rather than nothing.)
/// </summary>
internal sealed class UpstreamClustersHealthCheck(IProxyStateLookup proxyState) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var down = new List<string>();
        foreach (var cluster in proxyState.GetClusters())
        {
            var healthy = HealthyDestinations(cluster);
            data[cluster.ClusterId] = $"{healthy}/{cluster.Destinations.Count} destinations healthy";
            if (healthy == 0)
            {
                down.Add(cluster.ClusterId);
            }
        }
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy("Every cluster has a healthy destination.", data)
            : HealthCheckResult.Unhealthy($"No healthy destination in: {string.Join(", ", down)}.", data: data));
    }

    /// <summary>Destinations of <paramref name="cluster"/> that neither active nor passive health checking finds unhealthy.</summary>
    public static int HealthyDestinations(ClusterState cluster) =>
        cluster.Destinations.Values.Count(d => d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy);
}
