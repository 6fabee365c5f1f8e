using StackExchange.Redis;

namespace Tollgate.Core.Redis;

/// <summary>Everything Redis keeps under one account's hash tag (<see cref="RedisKeys.AccountPattern"/>).</summary>
public static class AccountKeyspace
{
    /// <summary>
    /// Deletes every key under the account's hash tag: key indexes, windows, leases, daily usage, events. All on one slot,
    /// so one primary holds them; a window a gateway writes for a request still in flight expires by itself.
    /// </summary>
    public static async Task DeleteAsync(IConnectionMultiplexer redis, string accountId)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var db = redis.GetDatabase();
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            var batch = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(db.Database, RedisKeys.AccountPattern(accountId), pageSize: 250).ConfigureAwait(false))
            {
                batch.Add(key);
            }
            if (batch.Count > 0)
            {
                await db.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
            }
        }
    }
}
