using StackExchange.Redis;

namespace Tollgate.Gateway.Problems;

/// <summary>Recognises Redis being unreachable or slow, and answers it with a clean 503.</summary>
internal static class RedisFailure
{
    /// <summary>True for connection failures and timeouts of the Redis client.</summary>
    public static bool Is(Exception e) => e is RedisConnectionException or RedisTimeoutException;

    public static ValueTask WriteAsync(HttpContext context, ProblemWriter problems)
    {
        context.Response.Headers.RetryAfter = "1";
        return problems.WriteAsync(context, GatewayProblems.LimiterUnavailable,
            "The gateway cannot reach its key and limit store right now; try again shortly.");
    }
}
