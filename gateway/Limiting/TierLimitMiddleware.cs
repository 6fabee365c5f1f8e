using System.Diagnostics;
using System.Globalization;
using Tollgate.Core;
using Tollgate.Core.Limiting;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Observability;
using Tollgate.Gateway.Problems;
using Tollgate.Gateway.Routing;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Limiting;

/// <summary>
/// Third proxy step: counts the request's units (its route's <see cref="RoutePolicy.Cost"/>) against the account's
/// windows (hour, day, month and the tier's burst window, if any; one Redis round trip), adds the rate-limit headers, and answers 429 with <c>Retry-After</c> when a window is full.
/// In shadow mode (the decision's <see cref="LimitDecision.Mode"/>, from <c>Limits:Mode</c>) it forwards such a request
/// anyway, marked with <c>X-RateLimit-Shadow: limited</c>, a log line and the <c>shadow_limited</c> outcome. Whether the
/// route counts comes from the route's own policy; a route without one is refused, never forwarded uncounted.
/// </summary>
internal sealed partial class TierLimitMiddleware(
    RequestDelegate next,
    RoutePolicies policies,
    IRateLimiter limiter,
    RateLimitHeaders headers,
    ProblemWriter problems,
    GatewayMetrics metrics,
    ILogger<TierLimitMiddleware> logger)
{
    public const string ShadowHeader = "X-RateLimit-Shadow";

    // Not async itself: a route that does not count goes on to the next step without an async frame of this step's own.
    public Task InvokeAsync(HttpContext context)
    {
        if (!policies.TryGet(context, out var policy))
        {
            return policies.RefuseAsync(context, "limit").AsTask();
        }
        if (!policy.CountsTowardLimits)
        {
            return next(context);
        }
        // A route that counts always needs a key (RoutePolicy): without a consumer the request would go out uncounted.
        if (context.Features.Get<Consumer>() is not { } consumer)
        {
            return policies.RefuseUnidentifiedAsync(context, "limit").AsTask();
        }

        // An admitting decision made without waiting (a permit lease's, served from memory) goes on to the next step
        // without an async frame of this step's own; anything else is awaited and answered below.
        var acquiring = AcquireAsync(consumer, policy.Cost, context.RequestAborted);
        if (acquiring.IsCompletedSuccessfully && acquiring.Result is { Admitted: true } admitted)
        {
            Admit(context, consumer, policy, admitted);
            return next(context);
        }
        return DecideAndForwardAsync(context, consumer, policy, acquiring);
    }

    private async Task DecideAndForwardAsync(HttpContext context, Consumer consumer, RoutePolicy policy, Task<LimitDecision> acquiring)
    {
        LimitDecision decision;
        try
        {
            decision = await acquiring;
        }
        catch (StoreUnavailableException e)
        {
            // The outage policy refused it (FailClosed); the other policies answer with a decision.
            Log.LimiterUnavailable(logger, e);
            await ProxyOutage.WriteAsync(context, problems);
            return;
        }

        if (decision.Admitted)
        {
            Admit(context, consumer, policy, decision);
            await next(context);
            return;
        }
        if (decision.Source != LimitSource.None)
        {
            headers.Apply(context.Response.Headers, consumer.Tier.Limits, decision, policy.RateLimitHeaders);
        }

        // Retry-After is whole seconds and at least 1: "0" would invite an immediate, refused retry.
        var retryAfter = Math.Max(1, RateLimitHeaders.Seconds(decision.RetryAfter));
        var exhausted = decision.Tightest;
        if (decision.ShadowLimited)
        {
            context.Response.Headers[ShadowHeader] = "limited";
            context.Features.Set(decision); // the request telemetry counts it as shadow_limited
            Log.WouldLimit(logger, consumer.Account.Id, consumer.Key.Prefix, exhausted.Window.Name);
            await next(context);
            return;
        }

        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        Log.Limited(logger, consumer.Account.Id, consumer.Key.Prefix, exhausted.Window.Name, retryAfter);
        await problems.WriteAsync(context, ProblemCatalog.RateLimited,
            Refusal(exhausted, decision.Cost, consumer.Tier.DisplayName, retryAfter),
            new Dictionary<string, object?>
            {
                ["window"] = exhausted.Window.Name,
                ["limit"] = exhausted.Limit,
                ["retry_after"] = retryAfter,
                ["tier"] = consumer.Tier.Name,
                ["cost"] = decision.Cost,
            });
    }

    private static string Refusal(WindowUsage window, int cost, string tier, long retryAfter) => cost == 1
        ? $"The {Adjective(window.Window)} limit of {window.Limit} requests for the {tier} tier is used up; retry in {retryAfter} s."
        : $"The {Adjective(window.Window)} limit of {window.Limit} units for the {tier} tier has no room for this request's {cost} units; retry in {retryAfter} s.";

    private static string Adjective(LimitWindow window) => window.Name switch
    {
        "second" => "per-second",
        "day" => "daily",
        _ => $"{window.Name}ly",
    };

    /// <summary>
    /// The limiter call in its own span, ended before the request is forwarded. Without a tracer listening there is no
    /// span to end, so the limiter's own task is awaited directly: no async frame of this method's per request.
    /// </summary>
    private Task<LimitDecision> AcquireAsync(Consumer consumer, int cost, CancellationToken cancellationToken) =>
        GatewayTracing.Source.HasListeners()
            ? AcquireInSpanAsync(consumer, cost, cancellationToken)
            : limiter.AcquireAsync(consumer.Account.Id, consumer.Key.KeyId, cost, consumer.Tier.Limits, cancellationToken);

    private async Task<LimitDecision> AcquireInSpanAsync(Consumer consumer, int cost, CancellationToken cancellationToken)
    {
        using var span = GatewayTracing.Source.StartActivity(GatewayTracing.LimitSpan);
        span?.SetTag(GatewayTracing.Tier, consumer.Tier.Name);
        try
        {
            var decision = await limiter.AcquireAsync(consumer.Account.Id, consumer.Key.KeyId, cost, consumer.Tier.Limits, cancellationToken);
            span?.SetTag(GatewayTracing.LimitDecision, Decision(decision))
                .SetTag(GatewayTracing.LimitSource, decision.Source.ToString().ToLowerInvariant());
            return decision;
        }
        catch (StoreUnavailableException)
        {
            span?.SetTag(GatewayTracing.LimitDecision, "unavailable").SetStatus(ActivityStatusCode.Error);
            throw;
        }
    }

    private static string Decision(LimitDecision decision) => decision switch
    {
        { Source: LimitSource.None } => "fallback",
        { Admitted: true } => "admitted",
        { ShadowLimited: true } => "shadow",
        _ => "limited",
    };

    /// <summary>The rate-limit headers of an admitted request and the near-limit count; the request is then forwarded.</summary>
    private void Admit(HttpContext context, Consumer consumer, RoutePolicy policy, LimitDecision decision)
    {
        if (decision.Source != LimitSource.None)
        {
            headers.Apply(context.Response.Headers, consumer.Tier.Limits, decision, policy.RateLimitHeaders);
        }
        CountNearLimitCrossings(consumer, decision);
    }

    /// <summary>Counts the one request that takes a window to or past 80% of its limit (used counts are exact, so each crossing counts once).</summary>
    private void CountNearLimitCrossings(Consumer consumer, LimitDecision decision)
    {
        foreach (var window in decision.Windows)
        {
            var threshold = (window.Limit * 4 + 4) / 5;
            if (window.Used >= threshold && window.Used - decision.Cost < threshold)
            {
                metrics.NearLimit(window.Window.Name, consumer.Tier.Name);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Account {AccountId} (key prefix {KeyPrefix}) limited by its {Window} window; retry in {RetryAfter} s.")]
        public static partial void Limited(ILogger logger, string accountId, string keyPrefix, string window, long retryAfter);

        [LoggerMessage(3, LogLevel.Information, "Shadow mode: account {AccountId} (key prefix {KeyPrefix}) is over its {Window} limit; forwarded anyway.")]
        public static partial void WouldLimit(ILogger logger, string accountId, string keyPrefix, string window);

        [LoggerMessage(2, LogLevel.Error, "Limiter unavailable; request refused with 503.")]
        public static partial void LimiterUnavailable(ILogger logger, Exception exception);
    }
}
