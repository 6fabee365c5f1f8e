using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting.Leases;

/// <summary>
/// Hears the lease channel (<see cref="RedisKeys.LeaseEvents"/>) for this instance's limiter (the gateway's, and the admin
/// API's for its usage reads): <c>reclaim</c> ends this instance's lease of the account, <c>returned</c> forgets its
/// remembered refusal and wakes requests and usage reads waiting for returns.
/// After a lost connection every remembered refusal goes, since returns announced meanwhile were missed. Only where this
/// instance takes leases; otherwise it resolves nothing, and a host without leases never connects for it.
/// </summary>
internal sealed partial class LeaseEventListener(IServiceProvider services, LeaseLessee lessee, ILogger<LeaseEventListener> logger)
    : IHostedService
{
    private const string ReclaimTag = "reclaim:";
    private const string ReturnedTag = "returned:";

    private IConnectionMultiplexer? _redis;
    private LeasingRateLimiter? _leasing;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (lessee.Id is null)
        {
            return;
        }
        _leasing = services.GetRequiredService<LeasingRateLimiter>();
        _redis = services.GetRequiredService<IConnectionMultiplexer>();
        _redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(RedisKeys.LeaseEvents, OnMessage).ConfigureAwait(false);
            _leasing.Listening = true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The multiplexer subscribes when it connects (ConnectionRestored); until then refusals do not wait for returns.
            Log.SubscribeFailed(logger, e);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_redis is null || _leasing is null)
        {
            return;
        }
        _leasing.Listening = false;
        _redis.ConnectionRestored -= OnConnectionRestored;
        try
        {
            await _redis.GetSubscriber().UnsubscribeAsync(RedisKeys.LeaseEvents, OnMessage).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or RedisException or TimeoutException)
        {
            // The connection went first (shutdown order), or Redis went away while this process stops (a timeout is not
            // a RedisException): its subscriptions went with it.
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        var text = (string?)message;
        if (text is null || _leasing is null)
        {
            return;
        }
        if (TryParse(text, ReclaimTag, out var lesseeId, out var accountId))
        {
            _leasing.Reclaim(lesseeId, accountId);
        }
        else if (TryParse(text, ReturnedTag, out lesseeId, out accountId))
        {
            _leasing.Returned(lesseeId, accountId);
        }
    }

    /// <summary>Reads <c>tag lessee:account</c> (a lessee id has no colon; an account id may).</summary>
    private static bool TryParse(string text, string tag, out string lesseeId, out string accountId)
    {
        lesseeId = accountId = string.Empty;
        if (!text.StartsWith(tag, StringComparison.Ordinal))
        {
            return false;
        }
        var colon = text.IndexOf(':', tag.Length);
        if (colon < 0 || colon == text.Length - 1)
        {
            return false;
        }
        lesseeId = text[tag.Length..colon];
        accountId = text[(colon + 1)..];
        return true;
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (_leasing is not null)
        {
            _leasing.MissedReturns();
            _leasing.Listening = true;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not subscribe to the lease channel yet; refused requests do not wait for leases to come back until it is.")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);
    }
}
