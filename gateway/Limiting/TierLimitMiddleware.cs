using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Tollgate.Core.Limiting;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Observability;
using Tollgate.Gateway.Problems;
using Tollgate.Gateway.Routing;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Limiting;

/// <summary>
/// Third proxy step: counts the request against the account's hour, day and month windows (one Redis
/// round trip), adds the rate-limit headers, and answers 429 with <c>Retry-After</c> when a window is full.
/// In shadow mode (<c>Limits:Mode</c> = <c>Shadow</c>) it forwards such a request anyway, marked with
/// <c>X-RateLimit-Shadow: limited</c>, a log line and the <c>shadow_limited</c> outcome.
/// </summary>
internal sealed partial class TierLimitMiddleware(
    RequestDelegate next,
    IRateLimiter limiter,
    RateLimitHeaders headers,
    ProblemWriter problems,
    GatewayMetrics metrics,
    IOptions<LimitsOptions> options,
    ILogger<TierLimitMiddleware> logger)
{
    public const string ShadowHeader = "X-RateLimit-Shadow";

    private readonly bool _shadow = options.Value.Mode == LimitsMode.Shadow;

    public async Task InvokeAsync(HttpContext context)
    {
        var consumer = context.Features.Get<Consumer>();
        if (consumer is null || context.Features.Get<RoutePolicy>() is not { CountsTowardLimits: true })
        {
            await next(context);
            return;
        }

        LimitDecision decision;
        try
        {
            decision = await AcquireAsync(consumer, context.RequestAborted);
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            Log.LimiterUnavailable(logger, e);
            await RedisFailure.WriteAsync(context, problems);
            return;
        }

        if (decision.Source != LimitSource.None)
        {
            headers.Apply(context.Response.Headers, consumer.Tier.Limits, decision);
        }
        if (decision.Admitted)
        {
            CountNearLimitCrossings(consumer, decision);
            await next(context);
            return;
        }

        // Retry-After is whole seconds and at least 1: "0" would invite an immediate, refused retry.
        var retryAfter = Math.Max(1, RateLimitHeaders.Seconds(decision.RetryAfter));
        var exhausted = decision.Tightest;
        if (_shadow)
        {
            context.Response.Headers[ShadowHeader] = "limited";
            context.Features.Set(ShadowLimited.Instance);
            Log.WouldLimit(logger, consumer.Account.Id, consumer.Key.Prefix, exhausted.Window.Name);
            await next(context);
            return;
        }

        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        Log.Limited(logger, consumer.Account.Id, consumer.Key.Prefix, exhausted.Window.Name, retryAfter);
        await problems.WriteAsync(context, ProblemCatalog.RateLimited,
            $"The {exhausted.Window.Name}ly limit of {exhausted.Limit} requests for the {consumer.Tier.DisplayName} tier is used up; retry in {retryAfter} s.",
            new Dictionary<string, object?>
            {
                ["window"] = exhausted.Window.Name,
                ["limit"] = exhausted.Limit,
                ["retry_after"] = retryAfter,
                ["tier"] = consumer.Tier.Name,
            });
    }

    /// <summary>The limiter call in its own span, ended before the request is forwarded.</summary>
    private async Task<LimitDecision> AcquireAsync(Consumer consumer, CancellationToken cancellationToken)
    {
        using var span = GatewayTracing.Source.StartActivity(GatewayTracing.LimitSpan);
        span?.SetTag(GatewayTracing.Tier, consumer.Tier.Name);
        try
        {
            var decision = await limiter.AcquireAsync(consumer.Account.Id, consumer.Key.KeyId, consumer.Tier.Limits, cancellationToken);
            span?.SetTag(GatewayTracing.LimitDecision, Decision(decision))
                .SetTag(GatewayTracing.LimitSource, decision.Source.ToString().ToLowerInvariant());
            return decision;
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            span?.SetTag(GatewayTracing.LimitDecision, "unavailable").SetStatus(ActivityStatusCode.Error);
            throw;
        }
    }

    private string Decision(LimitDecision decision) => decision switch
    {
        { Source: LimitSource.None } => "fallback",
        { Admitted: true } => "admitted",
        _ => _shadow ? "shadow" : "limited",
    };

    /// <summary>Counts the one request that takes a window past 80% of its limit (used counts are exact, so each crossing counts once).</summary>
    private void CountNearLimitCrossings(Consumer consumer, LimitDecision decision)
    {
        foreach (var window in decision.Windows)
        {
            if (window.Used == (window.Limit * 4 + 4) / 5)
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
