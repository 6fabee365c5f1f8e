using Microsoft.AspNetCore.Http.Features;
using System.Diagnostics;
using Tollgate.Core.Limiting;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Hosting.WarmUp;
using Tollgate.Gateway.Problems;
using Tollgate.ServiceDefaults.Problems;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Observability;

/// <summary>
/// Observes every finished request: one structured access-log line (route, account, key prefix — never
/// the key or the query string —, tier, status, duration, trace id) and the request counter by route, tier and
/// outcome. Outermost in the pipeline, so refusals by any later step are seen too.
/// </summary>
internal sealed partial class RequestTelemetryMiddleware(
    RequestDelegate next,
    GatewayMetrics metrics,
    WarmUpState warmUp,
    TimeProvider timeProvider,
    ILogger<RequestTelemetryMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            // The gateway's requests to itself before it is ready are neither traffic nor worth a log line each.
            if (!warmUp.IsWarmUpRequest(context))
            {
                Observe(context, started);
            }
            else if (context.Features.Get<IHttpMetricsTagsFeature>() is { } serverMetrics)
            {
                serverMetrics.MetricsDisabled = true;
            }
        }
    }

    private void Observe(HttpContext context, long started)
    {
        var consumer = context.Features.Get<Consumer>();
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config.RouteId
            ?? context.GetEndpoint()?.DisplayName
            ?? "-";
        var tier = consumer?.Tier.Name ?? "-";
        metrics.Request(route, tier, Outcome(context));
        if (logger.IsEnabled(LogLevel.Information))
        {
            Log.Request(logger, context.Request.Method, context.Request.Path, route,
                consumer?.Account.Id ?? "-", consumer?.Key.Prefix ?? "-", tier,
                context.Response.StatusCode, timeProvider.GetElapsedTime(started).TotalMilliseconds,
                TraceId(Activity.Current));
        }
    }

    /// <summary>
    /// The request's W3C trace id: the client's when it sent a <c>traceparent</c>, so the line can be found from
    /// the client's or the upstream's trace. ASP.NET Core keeps a request activity even with tracing off.
    /// </summary>
    private static string TraceId(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? activity.TraceId.ToHexString() : "-";

    /// <summary>What became of the request, from the gateway's own refusal if it made one, else from the status.</summary>
    private static string Outcome(HttpContext context)
    {
        var refusal = context.Features.Get<ProblemKind>();
        if (refusal is null && context.Features.Get<LimitDecision>() is { ShadowLimited: true })
        {
            return "shadow_limited";
        }
        return (refusal?.Status ?? context.Response.StatusCode) switch
        {
            StatusCodes.Status401Unauthorized => "unauthorized",
            StatusCodes.Status403Forbidden => "forbidden",
            StatusCodes.Status429TooManyRequests => "limited",
            >= 400 and < 500 => "client_error",
            >= 500 when refusal is not null => "unavailable",
            >= 500 => "upstream_error",
            _ => "admitted",
        };
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information,
            "{Method} {Path} route={Route} account={AccountId} key={KeyPrefix} tier={Tier} status={Status} duration_ms={DurationMs:F1} trace_id={TraceId}")]
        public static partial void Request(ILogger logger, string method, PathString path, string route,
            string accountId, string keyPrefix, string tier, int status, double durationMs, string traceId);
    }
}
