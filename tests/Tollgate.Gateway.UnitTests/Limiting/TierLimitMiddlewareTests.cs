using Microsoft.Extensions.Logging;
using Tollgate.Core.Limiting;
using Tollgate.Gateway.Limiting;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.UnitTests.Fakes;

namespace Tollgate.Gateway.UnitTests.Limiting;

/// <summary>
/// The third proxy step over a <see cref="Microsoft.AspNetCore.Http.DefaultHttpContext"/> with a fake
/// <see cref="IRateLimiter"/>: what is counted, what is refused, and what a client sees of it.
/// </summary>
public sealed class TierLimitMiddlewareTests
{
    private ProxyStepHarness _proxy = null!;

    [SetUp]
    public void CreateHarness() => _proxy = new ProxyStepHarness();

    [TearDown]
    public void DisposeHarness() => _proxy.Dispose();

    [Test]
    public async Task Admitted_IsCountedAndPassedOn_WithTheRateLimitHeaders()
    {
        var route = await _proxy.LoadRouteAsync();
        var (_, key) = _proxy.IssueKey("free");
        _proxy.Limiter.Next = limits => FakeRateLimiter.Decision(limits, admitted: true, used: 4);
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<TierLimitMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(_proxy.Limiter.Counted, Is.EqualTo(new[] { key.KeyId }));
            Assert.That(_proxy.Forwarded, Is.EqualTo(1));
            Assert.That(context.Response.Headers[RateLimitHeaders.Limit].ToString(), Is.EqualTo("10"), "the free tier's hour");
            Assert.That(context.Response.Headers[RateLimitHeaders.Remaining].ToString(), Is.EqualTo("6"));
            Assert.That(context.Response.Headers.ContainsKey(TierLimitMiddleware.ShadowHeader), Is.False);
        });
    }

    [Test]
    public async Task RouteAskingForLegacyHeaders_GetsOnlyTheXHeaders()
    {
        var route = await _proxy.LoadRouteAsync((RoutePolicy.RateLimitHeadersKey, "legacy"));
        var (_, key) = _proxy.IssueKey("free");
        _proxy.Limiter.Next = limits => FakeRateLimiter.Decision(limits, admitted: true, used: 4);
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<TierLimitMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.Headers[RateLimitHeaders.Remaining].ToString(), Is.EqualTo("6"));
            Assert.That(context.Response.Headers.ContainsKey(RateLimitHeaders.State), Is.False);
            Assert.That(context.Response.Headers.ContainsKey(RateLimitHeaders.Policy), Is.False);
        });
    }

    [Test]
    public async Task OverTheLimit_Is429WithRetryAfter_AndNotPassedOn()
    {
        var route = await _proxy.LoadRouteAsync();
        var (_, key) = _proxy.IssueKey("free");
        _proxy.Limiter.Next = limits => FakeRateLimiter.Decision(limits, admitted: false, used: 10, retryAfter: TimeSpan.FromSeconds(29.2));
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<TierLimitMiddleware>().InvokeAsync(context);

        var problem = ProxyStepHarness.Problem(context);
        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(429));
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("rate-limited"));
            Assert.That(context.Response.Headers.RetryAfter.ToString(), Is.EqualTo("30"), "whole seconds, rounded up");
            Assert.That(problem.GetProperty("window").GetString(), Is.EqualTo("hour"));
            Assert.That(context.Response.Headers[RateLimitHeaders.Remaining].ToString(), Is.EqualTo("0"));
            Assert.That(_proxy.Forwarded, Is.Zero);
        });
    }

    [Test]
    public async Task OverTheLimit_DecidedInShadowMode_IsPassedOnMarked_NotRefused()
    {
        var route = await _proxy.LoadRouteAsync();
        var (_, key) = _proxy.IssueKey("free");
        _proxy.Limiter.Next = limits => FakeRateLimiter.Decision(limits, admitted: false, used: 11, LimitsMode.Shadow, TimeSpan.FromSeconds(30));
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<TierLimitMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(_proxy.Forwarded, Is.EqualTo(1), "shadow mode refuses nothing");
            Assert.That(context.Response.StatusCode, Is.EqualTo(200));
            Assert.That(context.Response.Headers[TierLimitMiddleware.ShadowHeader].ToString(), Is.EqualTo("limited"));
            Assert.That(context.Response.Headers.ContainsKey("Retry-After"), Is.False);
            Assert.That(context.Features.Get<LimitDecision>()?.ShadowLimited, Is.True, "the request telemetry counts it as shadow_limited");
            Assert.That(_proxy.Logs.Lines.Any(l => l.Message.StartsWith("Shadow mode:", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public async Task RouteThatDoesNotCount_IsPassedOnUncounted()
    {
        var route = await _proxy.LoadRouteAsync((RoutePolicy.CountsTowardLimitsKey, "false"));
        var (_, key) = _proxy.IssueKey("free");
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<TierLimitMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(_proxy.Limiter.Counted, Is.Empty);
            Assert.That(_proxy.Forwarded, Is.EqualTo(1));
            Assert.That(context.Response.Headers.ContainsKey(RateLimitHeaders.Remaining), Is.False);
        });
    }

    [Test]
    public async Task LimiterStoreDown_UnderFailClosed_Is503WithRetryAfter_AndNotPassedOn()
    {
        var route = await _proxy.LoadRouteAsync();
        var (_, key) = _proxy.IssueKey("free");
        _proxy.Limiter.Down = true;
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<TierLimitMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(503));
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("limiter-unavailable"));
            Assert.That(context.Response.Headers.RetryAfter.ToString(), Is.EqualTo("1"));
            Assert.That(_proxy.Forwarded, Is.Zero);
            Assert.That(_proxy.Logs.Lines.Any(l => l.Level == LogLevel.Error), Is.True);
        });
    }

    [Test]
    public async Task FallbackDecision_WithoutCounting_IsPassedOn_WithoutHeadersThatWouldMislead()
    {
        var route = await _proxy.LoadRouteAsync();
        var (_, key) = _proxy.IssueKey("free");
        _proxy.Limiter.Next = limits => FakeRateLimiter.Decision(limits, admitted: true, used: 0) with { Source = LimitSource.None };
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<TierLimitMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(_proxy.Forwarded, Is.EqualTo(1));
            Assert.That(context.Response.Headers.ContainsKey(RateLimitHeaders.Remaining), Is.False);
        });
    }

    [Test]
    public async Task CountingRoute_RequestWithNoConsumer_IsRefused_NeverForwardedUncounted()
    {
        // Before, a request without a consumer was passed on uncounted: the step failed open.
        var route = await _proxy.LoadRouteAsync();
        var context = _proxy.Request(route);

        await _proxy.Step<TierLimitMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(500));
            Assert.That(_proxy.Forwarded, Is.Zero);
            Assert.That(_proxy.Logs.Lines.Any(l => l.Level == LogLevel.Error && l.Message.Contains("needs a consumer", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public async Task RouteWithoutAPolicy_IsRefused_NeverForwardedUncounted()
    {
        // Before, the policy came from a feature the first step set; without it the request went out uncounted.
        var route = ProxyStepHarness.RouteWith();
        var (_, key) = _proxy.IssueKey("free");
        var context = _proxy.RequestAs(route, key);

        await _proxy.Step<TierLimitMiddleware>().InvokeAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(500));
            Assert.That(ProxyStepHarness.ProblemType(context), Is.EqualTo("route-policy-missing"));
            Assert.That(_proxy.Forwarded, Is.Zero);
            Assert.That(_proxy.Limiter.Counted, Is.Empty);
        });
    }
}
