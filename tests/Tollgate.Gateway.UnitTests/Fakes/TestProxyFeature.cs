using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.UnitTests.Fakes;

/// <summary>What YARP puts on a proxied request: the route it matched. No cluster or destinations: no step reads them.</summary>
internal sealed class TestProxyFeature(RouteModel route) : IReverseProxyFeature
{
    public RouteModel Route { get; } = route;

    public ClusterModel Cluster => null!;

    public IReadOnlyList<DestinationState> AllDestinations => [];

    public IReadOnlyList<DestinationState> AvailableDestinations { get; set; } = [];

    public DestinationState? ProxiedDestination { get; set; }
}
