using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Configuration;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// The parsed policy of each route, computed once per route configuration: YARP hands out a new
/// <see cref="RouteConfig"/> on reload, so entries of replaced routes simply fall away.
/// </summary>
internal sealed class RoutePolicies
{
    private readonly ConditionalWeakTable<RouteConfig, RoutePolicy> _policies = [];

    /// <summary>The policy of <paramref name="route"/>; metadata was validated by <see cref="RoutePolicyConfigFilter"/>.</summary>
    public RoutePolicy For(RouteConfig route) =>
        _policies.GetValue(route, static r => RoutePolicy.TryParse(r.Metadata, out var p, out _) ? p : RoutePolicy.Default);
}
