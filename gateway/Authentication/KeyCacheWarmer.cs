using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core;
using Tollgate.Core.Redis;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// Cold start: a gateway added under load would otherwise read every key and account record from Redis on the first
/// request of each key, while it is also compiling its hot paths. So, in the background after start, it reads the keys
/// gateways served in the last <see cref="KeyCacheOptions.WarmRecentSeconds"/> (most recent first, at most
/// <see cref="KeyCacheOptions.WarmKeys"/>) from the index <see cref="RedisKeys.RecentKeys"/> into its cache, as
/// requests would; and every <see cref="KeyCacheOptions.WarmPublishSeconds"/> it adds the keys requests made it read
/// since to that index, and trims the index to its bounds. Readiness never waits for any of it, and a Redis fault only
/// costs the warm-up (the keys are then read when requests need them, as before).
/// </summary>
internal sealed partial class KeyCacheWarmer(
    IConnectionMultiplexer redis,
    RedisGuard guard,
    KeyRecordCache cache,
    IOptions<KeyCacheOptions> options,
    TimeProvider timeProvider,
    ILogger<KeyCacheWarmer> logger) : BackgroundService
{
    // Reads in flight at once: enough to keep the connection's pipeline full, few enough to leave room for requests.
    private const int Concurrency = 32;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.WarmKeys == 0)
        {
            return;
        }
        await Task.Yield(); // the host's start goes on at once
        try
        {
            var since = timeProvider.GetTimestamp();
            // The warmed keys enter the index again only once a request reads them again, so the index is not kept
            // alive by restarts alone; keys requests read meanwhile are published as usual.
            IReadOnlySet<string> warmed = await WarmAsync(settings, stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.WarmPublishSeconds), timeProvider);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                since = await PublishAsync(settings, since, warmed, stoppingToken);
                warmed = new HashSet<string>();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Reads the recently served keys into the cache; returns their hashes.</summary>
    private async Task<HashSet<string>> WarmAsync(KeyCacheOptions settings, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        RedisValue[] hashes;
        try
        {
            var oldest = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - settings.WarmRecentSeconds * 1000L;
            hashes = await guard.RunAsync(() => redis.GetDatabase().SortedSetRangeByScoreAsync(
                RedisKeys.RecentKeys, oldest, double.PositiveInfinity, Exclude.None, Order.Descending, 0, settings.WarmKeys), cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            Log.IndexUnavailable(logger, e);
            return [];
        }

        var warmed = 0;
        await Parallel.ForEachAsync(hashes, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (hash, token) =>
            {
                try
                {
                    await cache.WarmAsync(hash.ToString(), token);
                    Interlocked.Increment(ref warmed);
                }
                catch (StoreUnavailableException)
                {
                    // Read when a request needs it.
                }
            });
        Log.Warmed(logger, warmed, hashes.Length, timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return [.. hashes.Select(hash => hash.ToString())];
    }

    /// <summary>
    /// Adds the keys read since <paramref name="since"/> (but those just <paramref name="warmed"/>) to the index and trims
    /// it; returns the next <c>since</c>.
    /// </summary>
    private async Task<long> PublishAsync(KeyCacheOptions settings, long since, IReadOnlySet<string> warmed, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetTimestamp();
        var used = cache.KeysReadSince(since);
        used.RemoveAll(warmed.Contains);
        if (used.Count == 0)
        {
            return now;
        }
        var nowMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var entries = used.Take(settings.WarmKeys).Select(hash => new SortedSetEntry(hash, nowMs)).ToArray();
        try
        {
            await guard.RunAsync(async () =>
            {
                var db = redis.GetDatabase();
                await db.SortedSetAddAsync(RedisKeys.RecentKeys, entries);
                await db.SortedSetRemoveRangeByScoreAsync(RedisKeys.RecentKeys, double.NegativeInfinity, nowMs - settings.WarmRecentSeconds * 1000L);
                return await db.SortedSetRemoveRangeByRankAsync(RedisKeys.RecentKeys, 0, -(settings.WarmKeys + 1L));
            }, cancellationToken);
            return now;
        }
        catch (StoreUnavailableException e)
        {
            Log.IndexUnavailable(logger, e);
            return since; // published with the next ones
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Key cache warmed: {Warmed} of {Recent} recently served keys read in {DurationMs:F0} ms.")]
        public static partial void Warmed(ILogger logger, int warmed, int recent, double durationMs);

        [LoggerMessage(2, LogLevel.Warning, "The index of recently served keys is unavailable; keys are read when requests need them.")]
        public static partial void IndexUnavailable(ILogger logger, Exception exception);
    }
}
