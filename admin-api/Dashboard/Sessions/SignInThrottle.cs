using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.AdminApi.Dashboard.Sessions;

/// <summary>
/// Counts failed sign-ins per client address in Redis (shared by every instance) and blocks an address that has
/// failed <see cref="DashboardOptions.SignInFailureLimit"/> times until its fixed window ends. Keys are far too
/// random to guess; this keeps the sign-in form from being a cheap oracle for lists of leaked or made-up keys.
/// Successful sign-ins count nothing.
/// </summary>
/// <remarks>The window is INCR plus EXPIRE … NX in one transaction (Redis 7.0 or later), so it never outlives its length.</remarks>
internal sealed class SignInThrottle(IConnectionMultiplexer redis, IOptions<DashboardOptions> options)
{
    /// <summary>How long <paramref name="client"/> must wait before trying again, or null when it may try now.</summary>
    public async Task<TimeSpan?> BlockedForAsync(string client, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var key = RedisKeys.DashboardSignInFailures(client);
        var failures = await db.StringGetAsync(key).ConfigureAwait(false);
        if (failures.IsNull || (long)failures < options.Value.SignInFailureLimit)
        {
            return null;
        }
        var remaining = await db.KeyTimeToLiveAsync(key).ConfigureAwait(false);
        return remaining is { } left && left > TimeSpan.Zero ? left : options.Value.SignInFailureWindow;
    }

    /// <summary>Counts one failed sign-in of <paramref name="client"/>.</summary>
    public async Task RecordFailureAsync(string client, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = RedisKeys.DashboardSignInFailures(client);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.StringIncrementAsync(key);
        _ = transaction.KeyExpireAsync(key, options.Value.SignInFailureWindow, ExpireWhen.HasNoExpiry);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }
}
