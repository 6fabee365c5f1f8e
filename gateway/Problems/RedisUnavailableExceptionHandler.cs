using Microsoft.AspNetCore.Diagnostics;

namespace Tollgate.Gateway.Problems;

/// <summary>Any endpoint that meets a Redis fault (<see cref="Core.Redis.RedisFaults"/>) answers 503 problem+json, not 500.</summary>
internal sealed partial class RedisUnavailableExceptionHandler(ProblemWriter problems, ILogger<RedisUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!RedisFailure.Is(exception))
        {
            return false;
        }
        Log.RedisUnavailable(logger, exception);
        await RedisFailure.WriteAsync(httpContext, problems);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Redis unavailable; request answered with 503.")]
        public static partial void RedisUnavailable(ILogger logger, Exception exception);
    }
}
