using Tollgate.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;

namespace Tollgate.Gateway.Hosting.WarmUp;

/// <summary>
/// The proxy route the warm-up's requests take, present only while it runs (YARP's in-memory configuration, beside the
/// configured routes): <see cref="Path"/>, keyed and counted like a default route, its cluster this gateway's own
/// listener, where the path becomes <see cref="WarmUpEndpoints.SinkPath"/>. So a warm-up request passes every step a
/// proxied request passes, and reaches no upstream.
/// </summary>
internal sealed class WarmUpRoute(InMemoryConfigProvider proxyConfig)
{
    public const string Path = OperationalPaths.WarmUp;
    public const string Id = "tollgate-warm-up";

    /// <summary>Adds the route, to <paramref name="self"/>.</summary>
    public void Show(Uri self) => proxyConfig.Update(
        [
            new RouteConfig
            {
                RouteId = Id,
                ClusterId = Id,
                Match = new RouteMatch { Path = Path },
                Transforms = [new Dictionary<string, string> { ["PathSet"] = WarmUpEndpoints.SinkPath }],
            },
        ],
        [
            new ClusterConfig
            {
                ClusterId = Id,
                Destinations = new Dictionary<string, DestinationConfig> { ["self"] = new() { Address = self.ToString() } },
            },
        ]);

    /// <summary>Takes the route away again: its path answers 404 like any path nothing serves.</summary>
    public void Hide() => proxyConfig.Update([], []);
}
