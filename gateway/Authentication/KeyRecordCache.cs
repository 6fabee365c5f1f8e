using Microsoft.Extensions.Options;
using Tollgate.Core.Accounts;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Keys;
using Tollgate.Core;
using Tollgate.Core.Redis;
using Tollgate.Gateway.Observability;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// Key and account records as the gateway reads them: from memory when fresh, else from Redis. An
/// admitted request with a known key normally costs no Redis call for authentication. While Redis is
/// unreachable, a record cached within <see cref="KeyCacheOptions.StaleSeconds"/> still serves. Keys Redis
/// does not know are remembered apart, for <see cref="KeyCacheOptions.NegativeSeconds"/> and in their own
/// bound, so a flood of made-up keys neither reaches Redis more than once per key nor pushes out real keys.
/// </summary>
internal sealed class KeyRecordCache
{
    private readonly IApiKeyStore _keys;
    private readonly IAccountStore _accounts;
    private readonly RedisGuard _guard;
    private readonly GatewayMetrics _metrics;
    private readonly TimeSpan _staleAllowance;
    private readonly ExpiringCache<ApiKeyRecord> _keyRecords;
    private readonly ExpiringCache<ApiKeyRecord> _unknownKeys;
    private readonly ExpiringCache<AccountRecord> _accountRecords;

    private readonly SingleFlight<ApiKeyRecord?> _keyLoads = new();
    private readonly SingleFlight<AccountRecord?> _accountLoads = new();

    // Bumped by every invalidation: a read that started before one must not cache what it read.
    private long _generation;

    // The hash of the key Hold put in, while it is there.
    private string? _held;

    public KeyRecordCache(
        IApiKeyStore keys,
        IAccountStore accounts,
        RedisGuard guard,
        GatewayMetrics metrics,
        IOptions<KeyCacheOptions> options,
        TimeProvider timeProvider)
    {
        _keys = keys;
        _accounts = accounts;
        _guard = guard;
        _metrics = metrics;
        _staleAllowance = TimeSpan.FromSeconds(options.Value.StaleSeconds);
        var lifetime = TimeSpan.FromSeconds(options.Value.LifetimeSeconds);
        _keyRecords = new(timeProvider, lifetime, options.Value.MaxEntries);
        _unknownKeys = new(timeProvider, TimeSpan.FromSeconds(options.Value.NegativeSeconds), options.Value.MaxUnknownKeys);
        _accountRecords = new(timeProvider, lifetime, options.Value.MaxEntries);
    }

    public ValueTask<ApiKeyRecord?> GetKeyAsync(string keyHash, CancellationToken cancellationToken)
    {
        if (_keyRecords.TryGet(keyHash, out var record) || _unknownKeys.TryGet(keyHash, out record))
        {
            _metrics.KeyCacheHit();
            return ValueTask.FromResult(record);
        }
        // A shared load must not end because one of the requests waiting for it went away.
        return new ValueTask<ApiKeyRecord?>(_keyLoads.RunAsync(keyHash, LoadKeyAsync).WaitAsync(cancellationToken));
    }

    /// <summary>
    /// True when the cache holds what Redis said of <paramref name="keyHash"/>, known or unknown, expired or not: the key
    /// was well-formed when it was looked up. Costs no I/O.
    /// </summary>
    public bool HasSeen(string keyHash) => _keyRecords.Contains(keyHash) || _unknownKeys.Contains(keyHash);

    /// <summary>
    /// True when Redis had a record for <paramref name="keyHash"/> (revoked or not) within the stale allowance:
    /// the key is a real one, whatever the cache lifetime says. Costs no I/O.
    /// </summary>
    public bool IsKnownKey(string keyHash) => _keyRecords.TryGetStale(keyHash, _staleAllowance, out _);

    public ValueTask<AccountRecord?> GetAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        if (_accountRecords.TryGet(accountId, out var record))
        {
            _metrics.KeyCacheHit();
            return ValueTask.FromResult(record);
        }
        return new ValueTask<AccountRecord?>(_accountLoads.RunAsync(accountId, LoadAccountAsync).WaitAsync(cancellationToken));
    }

    /// <summary>
    /// Hashes of the keys Redis knows that were read into the cache at or after <paramref name="timestamp"/>: since an
    /// entry is read again only when a request finds it expired, these are the keys requests used since then. A held
    /// key (<see cref="Hold"/>) is not among them: Redis does not know it.
    /// </summary>
    public List<string> KeysReadSince(long timestamp)
    {
        var keys = _keyRecords.KeysSetSince(timestamp);
        if (Volatile.Read(ref _held) is { } held)
        {
            keys.Remove(held);
        }
        return keys;
    }

    /// <summary>
    /// Puts a key and its account that exist only in this process into the cache, as if read from Redis: the start-up
    /// warm-up's, which its requests then present like any key. They live one cache lifetime at most, and go at
    /// <see cref="Release"/>.
    /// </summary>
    public void Hold(string keyHash, ApiKeyRecord key, AccountRecord account)
    {
        Volatile.Write(ref _held, keyHash);
        _accountRecords.Set(account.Id, account);
        _keyRecords.Set(keyHash, key);
    }

    /// <summary>Forgets what <see cref="Hold"/> put in.</summary>
    public void Release(string keyHash, string accountId)
    {
        _keyRecords.Remove(keyHash);
        _accountRecords.Remove(accountId);
        Volatile.Write(ref _held, null);
    }

    /// <summary>Reads a key record, and its account's when the key is one, into the cache as a request would.</summary>
    public async Task WarmAsync(string keyHash, CancellationToken cancellationToken)
    {
        if (await GetKeyAsync(keyHash, cancellationToken).ConfigureAwait(false) is { } key)
        {
            await GetAccountAsync(key.AccountId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets what <paramref name="invalidation"/> names, so the next request reads Redis.</summary>
    public void Invalidate(CacheInvalidation invalidation)
    {
        Interlocked.Increment(ref _generation);
        if (invalidation.Kind == CacheInvalidationKind.Key)
        {
            _keyRecords.Remove(invalidation.Id);
            _unknownKeys.Remove(invalidation.Id);
        }
        else
        {
            _accountRecords.Remove(invalidation.Id);
        }
    }

    /// <summary>Forgets everything, e.g. after missing messages while disconnected from Redis.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _keyRecords.Clear();
        _unknownKeys.Clear();
        _accountRecords.Clear();
    }

    private async Task<ApiKeyRecord?> LoadKeyAsync(string keyHash)
    {
        var generation = Interlocked.Read(ref _generation);
        ApiKeyRecord? record;
        try
        {
            record = await _guard.RunAsync(() => _keys.FindByHashAsync(keyHash, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException) when (
            _keyRecords.TryGetStale(keyHash, _staleAllowance, out var stale) || _unknownKeys.TryGetStale(keyHash, _staleAllowance, out stale))
        {
            _metrics.KeyCacheStale();
            return stale;
        }
        _metrics.KeyCacheMiss();
        // One truth per key: what Redis just said replaces whatever the other cache held from before.
        if (record is null)
        {
            _keyRecords.Remove(keyHash);
            Store(_unknownKeys, keyHash, record, generation);
        }
        else
        {
            _unknownKeys.Remove(keyHash);
            Store(_keyRecords, keyHash, record, generation);
        }
        return record;
    }

    private async Task<AccountRecord?> LoadAccountAsync(string accountId)
    {
        var generation = Interlocked.Read(ref _generation);
        AccountRecord? record;
        try
        {
            record = await _guard.RunAsync(() => _accounts.GetAsync(accountId, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException) when (_accountRecords.TryGetStale(accountId, _staleAllowance, out var stale))
        {
            _metrics.KeyCacheStale();
            return stale;
        }
        _metrics.KeyCacheMiss();
        Store(_accountRecords, accountId, record, generation);
        return record;
    }

    /// <summary>
    /// Caches what a read that began at <paramref name="generation"/> found, unless an invalidation has run
    /// since. An invalidation can also run between that check and the write, finding nothing to remove yet;
    /// the check after the write catches it (<see cref="Invalidate"/> bumps the generation before it
    /// removes, so either it removes the written entry or this sees the new generation and does).
    /// </summary>
    private void Store<TRecord>(ExpiringCache<TRecord> cache, string id, TRecord? record, long generation)
        where TRecord : class
    {
        if (Interlocked.Read(ref _generation) != generation)
        {
            return;
        }
        cache.Set(id, record);
        if (Interlocked.Read(ref _generation) != generation)
        {
            cache.Remove(id);
        }
    }
}
