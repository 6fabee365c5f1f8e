using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.UnitTests.Fakes;

namespace Tollgate.Gateway.UnitTests.Caching;

/// <summary>The fourth proxy step over a <see cref="Microsoft.AspNetCore.Http.DefaultHttpContext"/>: the route's cache lifetime, read from the route.</summary>
public sealed class ResponseCacheMiddlewareTests
{
    private ProxyStepHarness _proxy = null!;

    [TearDown]
    public void DisposeHarness() => _proxy.Dispose();

    [Test]
    public async Task CachedRoute_SecondGet_IsAnsweredFromTheCacheWithItsAge_WithoutGoingUpstream()
    {
        _proxy = new ProxyStepHarness();
        var route = await _proxy.LoadRouteAsync((RoutePolicy.CacheSecondsKey, "60"));
        var step = _proxy.Step<ResponseCacheMiddleware>();
        var first = _proxy.Request(route);
        await step.InvokeAsync(first);

        _proxy.Time.Advance(TimeSpan.FromSeconds(7));
        var second = _proxy.Request(route);
        await step.InvokeAsync(second);

        Assert.Multiple(() =>
        {
            Assert.That(first.Response.Headers["X-Cache"].ToString(), Is.EqualTo("MISS"));
            Assert.That(second.Response.Headers["X-Cache"].ToString(), Is.EqualTo("HIT"));
            Assert.That(second.Response.Headers.Age.ToString(), Is.EqualTo("7"));
            Assert.That(ProxyStepHarness.Body(second), Is.EqualTo(ProxyStepHarness.UpstreamBody));
            Assert.That(second.Response.ContentType, Is.EqualTo("application/json"));
            Assert.That(_proxy.Forwarded, Is.EqualTo(1), "the second answer came from the cache");
        });
    }

    [Test]
    public async Task RouteWithoutCacheSeconds_GoesUpstreamEveryTime_Untouched()
    {
        _proxy = new ProxyStepHarness();
        var route = await _proxy.LoadRouteAsync();
        var step = _proxy.Step<ResponseCacheMiddleware>();

        var first = _proxy.Request(route);
        await step.InvokeAsync(first);
        await step.InvokeAsync(_proxy.Request(route));

        Assert.Multiple(() =>
        {
            Assert.That(_proxy.Forwarded, Is.EqualTo(2));
            Assert.That(first.Response.Headers.ContainsKey("X-Cache"), Is.False);
        });
    }

    [Test]
    public async Task Post_OnACachedRoute_IsNeverAnsweredFromTheCache()
    {
        _proxy = new ProxyStepHarness();
        var route = await _proxy.LoadRouteAsync((RoutePolicy.CacheSecondsKey, "60"));
        var step = _proxy.Step<ResponseCacheMiddleware>();

        await step.InvokeAsync(_proxy.Request(route));
        await step.InvokeAsync(_proxy.Request(route, method: "POST"));

        Assert.That(_proxy.Forwarded, Is.EqualTo(2));
    }

    [Test]
    public async Task CacheStoreDown_RequestGoesUpstream_AndIsAnsweredNormally()
    {
        var cache = new DownDistributedCache();
        _proxy = new ProxyStepHarness(services => services.AddSingleton<IDistributedCache>(cache));
        var route = await _proxy.LoadRouteAsync((RoutePolicy.CacheSecondsKey, "60"));
        var context = _proxy.Request(route);

        await _proxy.Step<ResponseCacheMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(200));
            Assert.That(ProxyStepHarness.Body(context), Is.EqualTo(ProxyStepHarness.UpstreamBody));
            Assert.That(_proxy.Forwarded, Is.EqualTo(1));
            Assert.That(cache.Calls, Is.EqualTo(2), "it tried to read, then to store");
        });
    }

    [Test]
    public async Task RouteWithoutAPolicy_IsRefused_AndNotPassedOn()
    {
        _proxy = new ProxyStepHarness();
        var context = _proxy.Request(ProxyStepHarness.RouteWith((RoutePolicy.CacheSecondsKey, "60")));

        await _proxy.Step<ResponseCacheMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("route-policy-missing"));
            Assert.That(_proxy.Forwarded, Is.Zero);
        });
    }
}
