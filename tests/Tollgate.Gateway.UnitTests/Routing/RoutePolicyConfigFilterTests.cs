using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.UnitTests.Fakes;

namespace Tollgate.Gateway.UnitTests.Routing;

/// <summary>Routes get their policy when YARP loads them; the proxy steps read it from the request's route.</summary>
public sealed class RoutePolicyConfigFilterTests
{
    private ProxyStepHarness _proxy = null!;

    [SetUp]
    public void CreateHarness() => _proxy = new ProxyStepHarness();

    [TearDown]
    public void DisposeHarness() => _proxy.Dispose();

    [Test]
    public async Task LoadedRoute_ItsPolicyIsWhatTheStepsReadFromTheRequest()
    {
        var route = await _proxy.LoadRouteAsync((RoutePolicy.FeatureKey, ProxyStepHarness.Feature), (RoutePolicy.CacheSecondsKey, "30"));

        var found = Policies.TryGet(_proxy.Request(route), out var policy);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.True);
            Assert.That(policy?.Feature, Is.EqualTo(ProxyStepHarness.Feature));
            Assert.That(policy?.CacheSeconds, Is.EqualTo(30));
            Assert.That(policy?.CountsTowardLimits, Is.True);
        });
    }

    [Test]
    public void RouteWithBadMetadata_IsRefusedAtLoad_NamingTheRoute()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => _proxy.LoadRouteAsync((RoutePolicy.CountsTowardLimitsKey, "sometimes")));

        Assert.That(error?.Message, Does.Contain("ReverseProxy:Routes:weather:Metadata"));
    }

    [Test]
    public void RouteWithAnUnknownRateLimitHeadersFormat_IsRefusedAtLoad_NamingTheRoute()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => _proxy.LoadRouteAsync((RoutePolicy.RateLimitHeadersKey, "draft12")));

        Assert.That(error?.Message, Does.Contain("ReverseProxy:Routes:weather:Metadata").And.Contain("'draft12'"));
    }

    [Test]
    public void RouteNeedingAFeatureNoTierOffers_IsRefusedAtLoad()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => _proxy.LoadRouteAsync((RoutePolicy.FeatureKey, "teleport")));

        Assert.That(error?.Message, Does.Contain("'teleport'"));
    }

    [Test]
    public void RequestOutsideAProxiedRoute_HasNoPolicy()
    {
        var context = _proxy.Request(ProxyStepHarness.RouteWith());
        context.Features.Set<Yarp.ReverseProxy.Model.IReverseProxyFeature>(null);

        Assert.That(Policies.TryGet(context, out _), Is.False);
    }

    private RoutePolicies Policies => _proxy.Services.GetRequiredService<RoutePolicies>();
}
