using StackExchange.Redis;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Redis;

namespace Tollgate.Core.IntegrationTests;

/// <summary>A gateway's ear on <see cref="RedisKeys.Invalidations"/>, on the tests' own connection.</summary>
internal sealed class InvalidationListener : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly ChannelMessageQueue _queue;

    private InvalidationListener(ChannelMessageQueue queue) => _queue = queue;

    public static async Task<InvalidationListener> StartAsync(IConnectionMultiplexer redis) =>
        new(await redis.GetSubscriber().SubscribeAsync(RedisKeys.Invalidations));

    /// <summary>The next announcement, parsed; fails after a few seconds of silence.</summary>
    public async Task<CacheInvalidation> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var message = await _queue.ReadAsync(timeout.Token);
        return CacheInvalidation.TryParse(message.Message.ToString(), out var invalidation)
            ? invalidation
            : throw new InvalidOperationException($"Unreadable invalidation '{message.Message}'.");
    }

    public async ValueTask DisposeAsync() => await _queue.UnsubscribeAsync();
}
