using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.UnitTests.Fakes;

namespace Tollgate.Gateway.UnitTests.Authentication;

/// <summary>The first proxy step over a <see cref="Microsoft.AspNetCore.Http.DefaultHttpContext"/>: who is calling, read from the route's own policy.</summary>
public sealed class ApiKeyAuthenticationMiddlewareTests
{
    private ProxyStepHarness _proxy = null!;

    [SetUp]
    public void CreateHarness() => _proxy = new ProxyStepHarness();

    [TearDown]
    public void DisposeHarness() => _proxy.Dispose();

    [Test]
    public async Task KnownKey_OnAKeyedRoute_IsPassedOnAsItsConsumer()
    {
        var route = await _proxy.LoadRouteAsync();
        var (rawKey, key) = _proxy.IssueKey("pro");
        var context = _proxy.Request(route, rawKey);

        await _proxy.Step<ApiKeyAuthenticationMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(_proxy.Forwarded, Is.EqualTo(1));
            Assert.That(context.Features.Get<Consumer>()?.Key.KeyId, Is.EqualTo(key.KeyId));
            Assert.That(context.Features.Get<Consumer>()?.Tier.Name, Is.EqualTo("pro"));
        });
    }

    [Test]
    public async Task MissingKey_OnAKeyedRoute_Is401WithWwwAuthenticate_AndNotPassedOn()
    {
        var route = await _proxy.LoadRouteAsync();
        var context = _proxy.Request(route);

        await _proxy.Step<ApiKeyAuthenticationMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(401));
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("api-key-missing"));
            Assert.That(context.Response.Headers.WWWAuthenticate.ToString(), Does.Contain("X-API-Key"));
            Assert.That(_proxy.Forwarded, Is.Zero);
        });
    }

    [Test]
    public async Task UnknownKey_Is401Unknown_AndNotPassedOn()
    {
        var route = await _proxy.LoadRouteAsync();
        var context = _proxy.Request(route, Core.Keys.ApiKeyFormat.Generate());

        await _proxy.Step<ApiKeyAuthenticationMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(401));
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("api-key-unknown"));
            Assert.That(_proxy.Forwarded, Is.Zero);
        });
    }

    [Test]
    public async Task KeyOneCharacterOffACachedKey_Is401Malformed_AfterTheCachedKeyWasServed()
    {
        // A cached key skips the checksum (it passed it before it was looked up); a key next to it must still be checked.
        var route = await _proxy.LoadRouteAsync();
        var (rawKey, _) = _proxy.IssueKey("pro");
        await _proxy.Step<ApiKeyAuthenticationMiddleware>().InvokeAsync(_proxy.Request(route, rawKey));
        var last = rawKey[^1] == 'a' ? 'b' : 'a';
        var context = _proxy.Request(route, rawKey[..^1] + last);

        await _proxy.Step<ApiKeyAuthenticationMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(401));
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("api-key-malformed"));
            Assert.That(_proxy.Forwarded, Is.EqualTo(1), "only the cached key");
        });
    }

    [Test]
    public async Task RouteThatNeedsNoKey_IsPassedOn_WithoutAskingTheKeyStore()
    {
        var route = await _proxy.LoadRouteAsync((RoutePolicy.RequiresKeyKey, "false"));
        var context = _proxy.Request(route);

        await _proxy.Step<ApiKeyAuthenticationMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(_proxy.Forwarded, Is.EqualTo(1));
            Assert.That(context.Features.Get<Consumer>(), Is.Null);
            Assert.That(_proxy.Keys.Lookups, Is.Zero);
        });
    }

    [Test]
    public async Task KeyStoreDown_KeyNotInTheCache_Is503WithRetryAfter_NeverCalledUnknown()
    {
        var route = await _proxy.LoadRouteAsync();
        var (rawKey, _) = _proxy.IssueKey("pro");
        _proxy.Keys.Down = true;
        var context = _proxy.Request(route, rawKey);

        await _proxy.Step<ApiKeyAuthenticationMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(503));
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("limiter-unavailable"), "the proxy path's outage answer");
            Assert.That(context.Response.Headers.RetryAfter.ToString(), Is.EqualTo("1"));
            Assert.That(_proxy.Forwarded, Is.Zero);
            Assert.That(_proxy.Logs.Lines.Any(l => l.Level == LogLevel.Error && l.Message.Contains("Key store unavailable", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public async Task RouteWithoutAPolicy_Is500RoutePolicyMissing_Logged_AndNotPassedOn()
    {
        var route = ProxyStepHarness.RouteWith(); // never went through the config filter
        var (rawKey, _) = _proxy.IssueKey("pro");
        var context = _proxy.Request(route, rawKey);

        await _proxy.Step<ApiKeyAuthenticationMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(500));
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("route-policy-missing"));
            Assert.That(ProxyStepHarness.Problem(context).GetProperty("detail").GetString(), Does.Contain("'weather'"));
            Assert.That(_proxy.Forwarded, Is.Zero);
            Assert.That(_proxy.Logs.Lines.Any(l => l.Level == LogLevel.Error && l.Message.Contains("Route weather has no Tollgate policy", StringComparison.Ordinal)), Is.True);
        });
    }
}
