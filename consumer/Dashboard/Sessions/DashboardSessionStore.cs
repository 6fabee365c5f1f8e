using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Keys;
using Tollgate.Core.Redis;

namespace Tollgate.ConsumerSide.Dashboard.Sessions;

/// <summary>
/// Dashboard sessions in Redis, so every admin API instance honours every session. Each is a hash at
/// <see cref="RedisKeys.DashboardSession"/> under the SHA-256 of its id, written with its expiry in one
/// transaction: the absolute lifetime is Redis's TTL and is never extended.
/// </summary>
internal sealed class DashboardSessionStore(IConnectionMultiplexer redis, IOptions<DashboardOptions> options, TimeProvider timeProvider)
{
    private const string AccountField = "account_id";
    private const string KeyField = "key_id";
    private const string PrefixField = "key_prefix";
    private const string CsrfField = "csrf_token";
    private const string CreatedField = "created_at";
    private const string ExpiresField = "expires_at";

    private static readonly RedisValue[] Fields = [AccountField, KeyField, PrefixField, CsrfField, CreatedField, ExpiresField];

    /// <summary>Opens a session for <paramref name="key"/>; the new session id (for the cookie only) and what was stored.</summary>
    public async Task<(string SessionId, DashboardSession Session)> CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sessionId = SessionTokens.New();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var lifetime = options.Value.SessionLifetime;
        var session = new DashboardSession(key.AccountId, key.KeyId, key.Prefix, SessionTokens.New(), now, now + lifetime);

        var redisKey = RedisKeys.DashboardSession(SessionTokens.Digest(sessionId));
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(redisKey,
        [
            new(AccountField, session.AccountId),
            new(KeyField, session.KeyId),
            new(PrefixField, session.KeyPrefix),
            new(CsrfField, session.CsrfToken),
            new(CreatedField, session.CreatedAt.ToUnixTimeMilliseconds()),
            new(ExpiresField, session.ExpiresAt.ToUnixTimeMilliseconds()),
        ]);
        _ = transaction.KeyExpireAsync(redisKey, lifetime);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        return (sessionId, session);
    }

    /// <summary>The session <paramref name="sessionId"/> names, or null when there is none (never was, ended, expired).</summary>
    public async Task<DashboardSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!SessionTokens.IsWellFormed(sessionId))
        {
            return null;
        }
        var values = await redis.GetDatabase().HashGetAsync(RedisKeys.DashboardSession(SessionTokens.Digest(sessionId)), Fields)
            .ConfigureAwait(false);
        if (values.Any(v => v.IsNull))
        {
            return null;
        }
        var session = new DashboardSession(
            values[0].ToString(),
            values[1].ToString(),
            values[2].ToString(),
            values[3].ToString(),
            DateTimeOffset.FromUnixTimeMilliseconds((long)values[4]),
            DateTimeOffset.FromUnixTimeMilliseconds((long)values[5]));
        // Redis expires the entry at the same moment; this guards against a clock that runs ahead of Redis's.
        return session.ExpiresAt > timeProvider.GetUtcNow() ? session : null;
    }

    /// <summary>Ends the session <paramref name="sessionId"/> names, if any.</summary>
    public async Task DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (SessionTokens.IsWellFormed(sessionId))
        {
            await redis.GetDatabase().KeyDeleteAsync(RedisKeys.DashboardSession(SessionTokens.Digest(sessionId))).ConfigureAwait(false);
        }
    }
}
