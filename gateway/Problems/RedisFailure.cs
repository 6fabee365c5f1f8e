using Tollgate.Core.Redis;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Problems;

/// <summary>Recognises Redis failing (as <see cref="RedisFaults"/> decides), and answers it with a clean 503.</summary>
internal static class RedisFailure
{
    /// <summary>
    /// True for any Redis fault: down, slow, shut off by the circuit breaker, refusing writes (OOM, READONLY), busy,
    /// loading, or the data at hand unusable (WRONGTYPE). Never a 500.
    /// </summary>
    public static bool Is(Exception e) => RedisFaults.Classify(e) is not null;

    public static ValueTask WriteAsync(HttpContext context, ProblemWriter problems)
    {
        context.Response.Headers.RetryAfter = "1";
        return problems.WriteAsync(context, ProblemCatalog.LimiterUnavailable,
            "The gateway's key and limit store cannot serve this request right now; try again shortly.");
    }
}
