using StackExchange.Redis;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Redis;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// Listens on the Redis invalidation channel and drops the named records from <see cref="KeyRecordCache"/>,
/// so a revoked key or a changed tier takes effect at once. After a lost connection it clears the whole
/// cache, since messages sent meanwhile were missed.
/// </summary>
internal sealed partial class CacheInvalidationListener(
    IConnectionMultiplexer redis,
    KeyRecordCache cache,
    ILogger<CacheInvalidationListener> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            await redis.GetSubscriber().SubscribeAsync(RedisKeys.Invalidations, OnMessage).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The multiplexer re-subscribes when it connects; until then the cache lifetime bounds staleness.
            Log.SubscribeFailed(logger, e);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionRestored;
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(RedisKeys.Invalidations, OnMessage);
        }
        catch (Exception e) when (e is ObjectDisposedException or RedisException or TimeoutException)
        {
            // The connection was closed first (shutdown order), or Redis went away while this process stops: its
            // subscriptions went with it. Thrown on, it would end the stop with an unhandled exception (SIGABRT).
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        if (CacheInvalidation.TryParse(message, out var invalidation))
        {
            cache.Invalidate(invalidation);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        cache.Clear();
        Log.CacheCleared(logger);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not subscribe to cache invalidations yet; relying on the cache lifetime until Redis is reachable.")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Redis connection restored; key cache cleared.")]
        public static partial void CacheCleared(ILogger logger);
    }
}
