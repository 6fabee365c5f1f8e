using Tollgate.Gateway.Authorization;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.UnitTests.Fakes;

namespace Tollgate.Gateway.UnitTests.Authorization;

/// <summary>The second proxy step over a <see cref="Microsoft.AspNetCore.Http.DefaultHttpContext"/>: the route's feature, read from the route.</summary>
public sealed class FeatureAccessMiddlewareTests
{
    private ProxyStepHarness _proxy = null!;

    [SetUp]
    public void CreateHarness() => _proxy = new ProxyStepHarness();

    [TearDown]
    public void DisposeHarness() => _proxy.Dispose();

    [Test]
    public async Task TierWithoutTheFeature_Is403NamingTheCheapestTierWithIt_AndNotPassedOn()
    {
        var route = await _proxy.LoadRouteAsync((RoutePolicy.FeatureKey, ProxyStepHarness.Feature));
        var (_, key) = _proxy.IssueKey("free");
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<FeatureAccessMiddleware>().InvokeAsync(context);

        var problem = ProxyStepHarness.Problem(context);
        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(403));
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("feature-not-in-tier"));
            Assert.That(problem.GetProperty("required_tier").GetString(), Is.EqualTo("pro"));
            Assert.That(problem.GetProperty("current_tier").GetString(), Is.EqualTo("free"));
            Assert.That(_proxy.Forwarded, Is.Zero);
        });
    }

    [Test]
    public async Task KeyScopedAwayFromTheFeature_Is403_EvenOnATierThatHasIt()
    {
        var route = await _proxy.LoadRouteAsync((RoutePolicy.FeatureKey, ProxyStepHarness.Feature));
        var (_, key) = _proxy.IssueKey("pro", "account");
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<FeatureAccessMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(403));
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("feature-not-in-key-scope"));
            Assert.That(_proxy.Forwarded, Is.Zero);
        });
    }

    [Test]
    public async Task TierWithTheFeature_IsPassedOn()
    {
        var route = await _proxy.LoadRouteAsync((RoutePolicy.FeatureKey, ProxyStepHarness.Feature));
        var (_, key) = _proxy.IssueKey("pro");
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<FeatureAccessMiddleware>().InvokeAsync(context);

        Assert.That(_proxy.Forwarded, Is.EqualTo(1));
    }

    [Test]
    public async Task FeatureRoute_RequestWithNoConsumer_IsRefused_NeverPassedOnUnchecked()
    {
        // The step reads the feature from the route, so it does not depend on authentication having set anything but
        // the consumer; without one (a step out of order) it cannot check the feature and must not let the request by.
        var route = await _proxy.LoadRouteAsync((RoutePolicy.FeatureKey, ProxyStepHarness.Feature));
        var context = _proxy.Request(route);

        await _proxy.Step<FeatureAccessMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(500));
            Assert.That(_proxy.Forwarded, Is.Zero);
        });
    }

    [Test]
    public async Task RouteWithoutAPolicy_IsRefused_AndNotPassedOn()
    {
        var route = ProxyStepHarness.RouteWith((RoutePolicy.FeatureKey, ProxyStepHarness.Feature));
        var (_, key) = _proxy.IssueKey("pro");
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<FeatureAccessMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("route-policy-missing"));
            Assert.That(_proxy.Forwarded, Is.Zero);
        });
    }
}
