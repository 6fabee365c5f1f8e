using Tollgate.Core.Tiers;
using Yarp.ReverseProxy.Configuration;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// Checks every route's Tollgate metadata when YARP loads configuration, and records the parsed policy for the proxy
/// steps (<see cref="RoutePolicies"/>). A bad route stops start-up, and a bad edit at run time is refused by YARP,
/// which keeps the last good routes.
/// </summary>
internal sealed class RoutePolicyConfigFilter(TierCatalog catalog, RoutePolicies policies) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => new(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        if (!RoutePolicy.TryParse(route.Metadata, out var policy, out var error))
        {
            throw new InvalidOperationException($"ReverseProxy:Routes:{route.RouteId}:Metadata: {error}");
        }
        if (policy.Feature is { } feature && !catalog.IsKnownFeature(feature))
        {
            throw new InvalidOperationException(
                $"ReverseProxy:Routes:{route.RouteId}:Metadata:{RoutePolicy.FeatureKey}: no tier offers feature '{feature}'.");
        }
        // The very instance YARP serves the route with (Route.Config): the steps find the policy by it.
        policies.Register(route, policy);
        return new(route);
    }
}
