using StackExchange.Redis;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Keys;

/// <summary>
/// <see cref="IApiKeyStore"/> over Redis: the record is a hash at <see cref="RedisKeys.ApiKey"/> (addressed
/// by the key's HMAC), and the account's <see cref="RedisKeys.AccountKeys"/> maps key ids to those hashes.
/// </summary>
internal sealed class RedisApiKeyStore(
    IConnectionMultiplexer redis,
    ApiKeyHasher hasher,
    InvalidationPublisher invalidations,
    TimeProvider timeProvider) : IApiKeyStore
{
    private const char ListSeparator = ' ';

    private static readonly RedisValue[] Fields =
        ["key_id", "account_id", "name", "prefix", "created_at", "expires_at", "revoked_at", "scopes", "allowed_ips"];

    public async Task<IssuedApiKey> IssueAsync(string accountId, NewApiKey request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rawKey = ApiKeyFormat.Generate();
        var hash = hasher.Hash(rawKey);
        var record = new ApiKeyRecord(
            Ids.NewKeyId(),
            accountId,
            request.Name,
            ApiKeyFormat.PrefixOf(rawKey),
            timeProvider.GetUtcNow(),
            request.ExpiresAt,
            RevokedAt: null,
            request.Scopes ?? [],
            request.AllowedIps ?? []);

        var db = redis.GetDatabase();
        // Record first, index second: a crash in between leaves an unlisted key, never a listed ghost.
        await db.HashSetAsync(RedisKeys.ApiKey(hash), ToHash(record)).ConfigureAwait(false);
        await db.HashSetAsync(RedisKeys.AccountKeys(accountId), record.KeyId, hash).ConfigureAwait(false);
        return new IssuedApiKey(rawKey, record);
    }

    public async Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await redis.GetDatabase().HashGetAsync(RedisKeys.ApiKey(keyHash), Fields).ConfigureAwait(false);
        return FromHash(values);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var hashes = await db.HashValuesAsync(RedisKeys.AccountKeys(accountId)).ConfigureAwait(false);
        var reads = hashes.Select(h => db.HashGetAsync(RedisKeys.ApiKey(h.ToString()), Fields)).ToArray();
        var records = new List<ApiKeyRecord>(reads.Length);
        foreach (var values in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            if (FromHash(values) is { } record)
            {
                records.Add(record);
            }
        }
        records.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        return records;
    }

    public async Task<bool> RevokeAsync(string accountId, string keyId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var hash = await db.HashGetAsync(RedisKeys.AccountKeys(accountId), keyId).ConfigureAwait(false);
        if (hash.IsNull)
        {
            return false;
        }
        var keyHash = hash.ToString();
        // Only the first revocation sets the time; a repeat is a harmless no-op.
        await db.HashSetAsync(RedisKeys.ApiKey(keyHash), "revoked_at", timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), When.NotExists)
            .ConfigureAwait(false);
        await invalidations.PublishAsync(CacheInvalidation.ForKey(keyHash)).ConfigureAwait(false);
        return true;
    }

    private static HashEntry[] ToHash(ApiKeyRecord record)
    {
        var entries = new List<HashEntry>(Fields.Length)
        {
            new("key_id", record.KeyId),
            new("account_id", record.AccountId),
            new("name", record.Name),
            new("prefix", record.Prefix),
            new("created_at", record.CreatedAt.ToUnixTimeMilliseconds()),
            new("scopes", string.Join(ListSeparator, record.Scopes)),
            new("allowed_ips", string.Join(ListSeparator, record.AllowedIps)),
        };
        if (record.ExpiresAt is { } expires)
        {
            entries.Add(new("expires_at", expires.ToUnixTimeMilliseconds()));
        }
        if (record.RevokedAt is { } revoked)
        {
            entries.Add(new("revoked_at", revoked.ToUnixTimeMilliseconds()));
        }
        return [.. entries];
    }

    private static ApiKeyRecord? FromHash(RedisValue[] v)
    {
        if (v[0].IsNull)
        {
            return null;
        }
        return new ApiKeyRecord(
            KeyId: v[0].ToString(),
            AccountId: v[1].ToString(),
            Name: v[2].ToString(),
            Prefix: v[3].ToString(),
            CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds((long)v[4]),
            ExpiresAt: v[5].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)v[5]),
            RevokedAt: v[6].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)v[6]),
            Scopes: SplitList(v[7]),
            AllowedIps: SplitList(v[8]));
    }

    private static string[] SplitList(RedisValue value) =>
        value.IsNullOrEmpty ? [] : value.ToString().Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries);
}
