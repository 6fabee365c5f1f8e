using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Events;
using Tollgate.Core.Hosting;
using Tollgate.Core.Keys;
using Tollgate.Core.Redis;

namespace Tollgate.Webhooks.Events;

/// <summary>
/// Announces keys that expire within <see cref="WebhookOptions.KeyExpiringDays"/> (<c>key.expiring</c>), once per key: the
/// event and the key's mark in <see cref="RedisKeys.AccountExpiringKeysAnnounced"/> are written in one step, so instances
/// scanning at the same time announce a key once. Looks only at accounts with endpoints, at start and every
/// <see cref="WebhookOptions.KeyExpiringScanMinutes"/>.
/// </summary>
internal sealed partial class KeyExpiryScanner(
    IConnectionMultiplexer redis,
    IApiKeyStore keys,
    AccountEventOutbox events,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<KeyExpiryScanner> logger) : PeriodicBackgroundService(timeProvider)
{
    protected override bool IsEnabled => options.Value.DeliveryEnabled;

    protected override TimeSpan Period => TimeSpan.FromMinutes(options.Value.KeyExpiringScanMinutes);

    protected override Task RunPassAsync(CancellationToken cancellationToken) => ScanAsync(cancellationToken);

    protected override void PassFailed(Exception exception) => Log.ScanFailed(logger, exception);

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var now = Clock.GetUtcNow();
        var horizon = now.AddDays(options.Value.KeyExpiringDays).ToUnixTimeMilliseconds();
        foreach (var member in await db.SetMembersAsync(RedisKeys.WebhookAccounts).ConfigureAwait(false))
        {
            var accountId = member.ToString();
            foreach (var entry in await db.HashGetAllAsync(RedisKeys.AccountActiveKeys(accountId)).ConfigureAwait(false))
            {
                // 0 = never expires.
                if (!entry.Value.TryParse(out long expiresAt) || expiresAt <= now.ToUnixTimeMilliseconds() || expiresAt > horizon)
                {
                    continue;
                }
                var keyId = entry.Name.ToString();
                var key = await keys.GetAsync(accountId, keyId, cancellationToken).ConfigureAwait(false);
                if (key is null || key.RevokedAt is not null)
                {
                    continue;
                }
                await events.AppendOnceAsync(accountId, AccountEventTypes.KeyExpiring,
                    new { KeyId = keyId, key.Name, key.Prefix, ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expiresAt) },
                    RedisKeys.AccountExpiringKeysAnnounced(accountId), keyId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Looking for keys about to expire failed; trying again at the next scan.")]
        public static partial void ScanFailed(ILogger logger, Exception exception);
    }
}
