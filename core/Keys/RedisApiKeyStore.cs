using StackExchange.Redis;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Keys;

/// <summary>
/// <see cref="IApiKeyStore"/> over Redis: the record is a hash at <see cref="RedisKeys.ApiKey"/> (addressed
/// by the key's HMAC), the account's <see cref="RedisKeys.AccountKeys"/> maps key ids to those hashes, and
/// <see cref="RedisKeys.AccountActiveKeys"/> holds the ids of the keys that still count against the tier's
/// key limit. Both indexes share the account's hash tag, so <see cref="IssueKeyScript"/> counts and indexes
/// atomically; the record, outside that slot, is written before the script and removed when it refuses.
/// </summary>
internal sealed class RedisApiKeyStore(
    IConnectionMultiplexer redis,
    ApiKeyHasher hasher,
    IssueKeyScript issueScript,
    InvalidationPublisher invalidations,
    TimeProvider timeProvider) : IApiKeyStore
{
    private const char ListSeparator = ' ';
    private const string RevokedAtField = "revoked_at";
    private const string ExpiresAtField = "expires_at";

    private static readonly RedisValue[] Fields =
        ["key_id", "account_id", "name", "prefix", "created_at", ExpiresAtField, RevokedAtField, "scopes", "allowed_ips"];

    public async Task<KeyIssueResult> IssueWithinLimitAsync(
        string accountId, string accountTier, int maxActiveKeys, NewApiKey request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (issued, hash) = NewKey(accountId, request.Name, request.ExpiresAt, request.Scopes, request.AllowedIps);
        var db = redis.GetDatabase();
        await db.HashSetAsync(RedisKeys.ApiKey(hash), ToHash(issued.Record)).ConfigureAwait(false);
        var outcome = await issueScript.EvaluateAsync(db, accountId, timeProvider.GetUtcNow(), accountTier, maxActiveKeys, issued.Record, hash)
            .ConfigureAwait(false);
        if (outcome.Status == IssueKeyScriptStatus.Issued)
        {
            return new KeyIssueResult.Issued(issued, Replaced: null);
        }
        // Refused: nobody ever saw the raw key, so the record goes again.
        await db.KeyDeleteAsync(RedisKeys.ApiKey(hash)).ConfigureAwait(false);
        return Refusal(outcome, maxActiveKeys, replaced: null);
    }

    public async Task<KeyIssueResult> RotateAsync(
        string accountId, string accountTier, int maxActiveKeys, string keyId, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var oldHashValue = await db.HashGetAsync(RedisKeys.AccountKeys(accountId), keyId).ConfigureAwait(false);
        if (oldHashValue.IsNull)
        {
            return new KeyIssueResult.KeyNotFound();
        }
        var oldHash = oldHashValue.ToString();
        var old = FromHash(await db.HashGetAsync(RedisKeys.ApiKey(oldHash), Fields).ConfigureAwait(false));
        if (old is null || old.AccountId != accountId)
        {
            return new KeyIssueResult.KeyNotFound();
        }
        var now = timeProvider.GetUtcNow();
        if (!old.IsActiveAt(now))
        {
            return new KeyIssueResult.KeyNotActive(old);
        }

        // The grace period only ever shortens the old key's life: it never outlives its own expiry.
        DateTimeOffset? oldKeyEnds = gracePeriod <= TimeSpan.Zero ? null : now + gracePeriod;
        if (oldKeyEnds > old.ExpiresAt)
        {
            oldKeyEnds = old.ExpiresAt;
        }

        var (issued, hash) = NewKey(accountId, old.Name, old.ExpiresAt, old.Scopes, old.AllowedIps);
        await db.HashSetAsync(RedisKeys.ApiKey(hash), ToHash(issued.Record)).ConfigureAwait(false);
        var outcome = await issueScript.EvaluateAsync(db, accountId, now, accountTier, maxActiveKeys, issued.Record, hash, keyId, oldKeyEnds)
            .ConfigureAwait(false);
        if (outcome.Status != IssueKeyScriptStatus.Issued)
        {
            await db.KeyDeleteAsync(RedisKeys.ApiKey(hash)).ConfigureAwait(false);
            return Refusal(outcome, maxActiveKeys, old);
        }

        // The old record changes only once the new key is indexed: a refused rotation leaves the old key alone.
        // A crash right here leaves the old key working past its grace period, but never an account without a key.
        ApiKeyRecord replaced;
        if (oldKeyEnds is { } ends)
        {
            await db.HashSetAsync(RedisKeys.ApiKey(oldHash), ExpiresAtField, ends.ToUnixTimeMilliseconds()).ConfigureAwait(false);
            replaced = old with { ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(ends.ToUnixTimeMilliseconds()) };
        }
        else
        {
            await db.HashSetAsync(RedisKeys.ApiKey(oldHash), RevokedAtField, now.ToUnixTimeMilliseconds(), When.NotExists).ConfigureAwait(false);
            replaced = old with { RevokedAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()) };
        }
        await invalidations.PublishAsync(CacheInvalidation.ForKey(oldHash)).ConfigureAwait(false);
        return new KeyIssueResult.Issued(issued, replaced);
    }

    public async Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await redis.GetDatabase().HashGetAsync(RedisKeys.ApiKey(keyHash), Fields).ConfigureAwait(false);
        return FromHash(values);
    }

    public async Task<ApiKeyRecord?> GetAsync(string accountId, string keyId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var hash = await db.HashGetAsync(RedisKeys.AccountKeys(accountId), keyId).ConfigureAwait(false);
        if (hash.IsNull)
        {
            return null;
        }
        var record = FromHash(await db.HashGetAsync(RedisKeys.ApiKey(hash.ToString()), Fields).ConfigureAwait(false));
        return record?.AccountId == accountId ? record : null;
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
        await db.HashSetAsync(RedisKeys.ApiKey(keyHash), RevokedAtField, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), When.NotExists)
            .ConfigureAwait(false);
        // The record is the truth the gateway reads; the key leaves the active count only after it is revoked there.
        await db.HashDeleteAsync(RedisKeys.AccountActiveKeys(accountId), keyId).ConfigureAwait(false);
        await invalidations.PublishAsync(CacheInvalidation.ForKey(keyHash)).ConfigureAwait(false);
        return true;
    }

    public async Task<int> RevokeAllAsync(string accountId, TimeSpan? forgetAfter, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var keyHashes = (await db.HashValuesAsync(RedisKeys.AccountKeys(accountId)).ConfigureAwait(false))
            .Select(h => h.ToString())
            .ToArray();
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

        var revocations = new List<Task<bool>>(keyHashes.Length);
        var expiries = new List<Task<bool>>();
        foreach (var keyHash in keyHashes)
        {
            revocations.Add(db.HashSetAsync(RedisKeys.ApiKey(keyHash), RevokedAtField, now, When.NotExists));
            if (forgetAfter is { } lifetime)
            {
                expiries.Add(db.KeyExpireAsync(RedisKeys.ApiKey(keyHash), lifetime));
            }
        }
        var revoked = (await Task.WhenAll(revocations).ConfigureAwait(false)).Count(r => r);
        await Task.WhenAll(expiries).ConfigureAwait(false);
        await db.KeyDeleteAsync(RedisKeys.AccountActiveKeys(accountId)).ConfigureAwait(false);
        await Task.WhenAll(keyHashes.Select(h => invalidations.PublishAsync(CacheInvalidation.ForKey(h)))).ConfigureAwait(false);
        return revoked;
    }

    private (IssuedApiKey Issued, string Hash) NewKey(
        string accountId, string name, DateTimeOffset? expiresAt, IReadOnlyList<string>? scopes, IReadOnlyList<string>? allowedIps)
    {
        var rawKey = ApiKeyFormat.Generate();
        var record = new ApiKeyRecord(
            Ids.NewKeyId(),
            accountId,
            name,
            ApiKeyFormat.PrefixOf(rawKey),
            // Stored to the millisecond: the record returned is the record read back later.
            DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds()),
            expiresAt is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires.ToUnixTimeMilliseconds()) : null,
            RevokedAt: null,
            scopes ?? [],
            allowedIps ?? []);
        return (new IssuedApiKey(rawKey, record), hasher.Hash(rawKey));
    }

    private static KeyIssueResult Refusal(IssueKeyScriptResult outcome, int maxActiveKeys, ApiKeyRecord? replaced) => outcome.Status switch
    {
        IssueKeyScriptStatus.LimitReached => new KeyIssueResult.KeyLimitReached(outcome.ActiveKeys, maxActiveKeys),
        IssueKeyScriptStatus.AccountNotFound => new KeyIssueResult.AccountNotFound(),
        IssueKeyScriptStatus.TierChanged => new KeyIssueResult.TierChanged(),
        IssueKeyScriptStatus.ReplacedKeyNotActive when replaced is not null => new KeyIssueResult.KeyNotActive(replaced),
        _ => throw new InvalidOperationException($"issue_key.lua answered an unexpected status {outcome.Status}."),
    };

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
            entries.Add(new(ExpiresAtField, expires.ToUnixTimeMilliseconds()));
        }
        if (record.RevokedAt is { } revoked)
        {
            entries.Add(new(RevokedAtField, revoked.ToUnixTimeMilliseconds()));
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
