using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Invalidation;

/// <summary>Announces changes to every gateway over Redis pub/sub.</summary>
public sealed class InvalidationPublisher(IConnectionMultiplexer redis)
{
    /// <summary>Publishes <paramref name="invalidation"/>; gateways drop the matching cache entry.</summary>
    public Task PublishAsync(CacheInvalidation invalidation) =>
        redis.GetSubscriber().PublishAsync(RedisKeys.Invalidations, invalidation.ToString());
}
