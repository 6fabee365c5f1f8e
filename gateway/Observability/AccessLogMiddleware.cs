using Tollgate.Gateway.Authentication;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Observability;

/// <summary>
/// One structured line per request: route, account, key prefix (never the key), tier, status, duration.
/// Outermost in the pipeline, so refusals by any later step are logged too.
/// </summary>
internal sealed partial class AccessLogMiddleware(RequestDelegate next, TimeProvider timeProvider, ILogger<AccessLogMiddleware> logger)
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
            if (logger.IsEnabled(LogLevel.Information))
            {
                var consumer = context.Features.Get<Consumer>();
                var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config.RouteId
                    ?? context.GetEndpoint()?.DisplayName
                    ?? "-";
                Log.Request(logger, context.Request.Method, context.Request.Path, route,
                    consumer?.Account.Id ?? "-", consumer?.Key.Prefix ?? "-", consumer?.Tier.Name ?? "-",
                    context.Response.StatusCode, timeProvider.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information,
            "{Method} {Path} route={Route} account={AccountId} key={KeyPrefix} tier={Tier} status={Status} duration_ms={DurationMs:F1}")]
        public static partial void Request(ILogger logger, string method, PathString path, string route,
            string accountId, string keyPrefix, string tier, int status, double durationMs);
    }
}
