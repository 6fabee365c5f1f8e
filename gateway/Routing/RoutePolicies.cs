using System.Runtime.CompilerServices;
using Tollgate.Gateway.Problems;
using Tollgate.ServiceDefaults.Problems;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// The policy of each route, parsed once when YARP loads the route (<see cref="RoutePolicyConfigFilter"/>) and
/// looked up by every proxy step from the request's own route (<see cref="IReverseProxyFeature"/>), so no step
/// depends on an earlier one having run. YARP hands out a new <see cref="RouteConfig"/> on reload, so entries of
/// replaced routes simply fall away.
/// </summary>
/// <remarks>
/// A request whose route has no policy (it reached the proxy without passing the filter, or outside a proxied
/// route) is refused with 500 <c>route-policy-missing</c> and logged: forwarding it would forward it uncounted.
/// </remarks>
internal sealed partial class RoutePolicies(ProblemWriter problems, ILogger<RoutePolicies> logger)
{
    private readonly ConditionalWeakTable<RouteConfig, RoutePolicy> _policies = [];

    /// <summary>Records the policy of <paramref name="route"/> as it goes live; called by the config filter only.</summary>
    public void Register(RouteConfig route, RoutePolicy policy) => _policies.AddOrUpdate(route, policy);

    /// <summary>The policy of the request's route, or false when it has none (the caller then calls <see cref="RefuseAsync"/>).</summary>
    public bool TryGet(HttpContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RoutePolicy? policy)
    {
        policy = null;
        return context.Features.Get<IReverseProxyFeature>()?.Route.Config is { } route && _policies.TryGetValue(route, out policy);
    }

    /// <summary>Refuses a request whose route has no policy, and logs which route it was.</summary>
    public ValueTask RefuseAsync(HttpContext context, string step)
    {
        var routeId = context.Features.Get<IReverseProxyFeature>()?.Route.Config.RouteId ?? "-";
        Log.NoPolicy(logger, routeId, step);
        return problems.WriteAsync(context, ProblemCatalog.RoutePolicyMissing,
            $"The gateway has no policy for route '{routeId}', so it cannot tell how to check and count this request; it was not forwarded.");
    }

    /// <summary>
    /// Refuses a request whose route needs a consumer (a key, a tier) that no one has identified: a step placed
    /// before authentication, or authentication removed. Forwarding it would skip the route's checks or its count.
    /// </summary>
    public ValueTask RefuseUnidentifiedAsync(HttpContext context, string step)
    {
        var routeId = context.Features.Get<IReverseProxyFeature>()?.Route.Config.RouteId ?? "-";
        Log.NoConsumer(logger, routeId, step);
        return problems.WriteAsync(context, ProblemCatalog.InternalError,
            $"The gateway could not apply the policy of route '{routeId}' to this request; it was not forwarded. It has been logged.");
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Route {RouteId} has no Tollgate policy at the {Step} step; request refused with 500 and not forwarded.")]
        public static partial void NoPolicy(ILogger logger, string routeId, string step);

        [LoggerMessage(2, LogLevel.Error, "Route {RouteId} needs a consumer at the {Step} step, but the request has none; refused with 500 and not forwarded.")]
        public static partial void NoConsumer(ILogger logger, string routeId, string step);
    }
}
