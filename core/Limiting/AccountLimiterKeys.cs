using StackExchange.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>What the limiter writes for one account, found by name rather than by scanning the keyspace.</summary>
public static class AccountLimiterKeys
{
    /// <summary>
    /// Deletes every key <c>sliding_window.lua</c> and the leases write for <paramref name="accountId"/> under
    /// <paramref name="limits"/> on the days <paramref name="fromDay"/> to <paramref name="toDay"/> (epoch days): its
    /// windows, leases, usage, events, overage and alert markers. One command: they share the account's hash tag.
    /// </summary>
    public static Task DeleteAsync(IDatabase db, string accountId, TierLimits limits, long fromDay, long toDay)
    {
        ArgumentNullException.ThrowIfNull(db);
        var names = new AccountWindowKeys();
        var keys = new HashSet<RedisKey>();
        for (var day = fromDay; day <= toDay; day++)
        {
            keys.UnionWith(names.For(accountId, day, limits));
        }
        return db.KeyDeleteAsync([.. keys]);
    }
}
