using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Gateway.Problems;

/// <summary>Recognises Redis being unreachable or slow, and answers it with a clean 503.</summary>
internal static class RedisFailure
{
    /// <summary>True for Redis being down, slow, or shut off by the circuit breaker.</summary>
    public static bool Is(Exception e) => e is RedisUnavailableException or RedisConnectionException or RedisTimeoutException;

    public static ValueTask WriteAsync(HttpContext context, ProblemWriter problems)
    {
        context.Response.Headers.RetryAfter = "1";
        return problems.WriteAsync(context, GatewayProblems.LimiterUnavailable,
            "The gateway cannot reach its key and limit store right now; try again shortly.");
    }
}
