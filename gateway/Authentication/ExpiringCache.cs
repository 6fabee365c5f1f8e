using System.Collections.Concurrent;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// A bounded cache whose entries expire after a fixed lifetime on the injected clock. Expired entries stay
/// until replaced or pushed out, so a caller may still use them (<see cref="TryGetStale"/>) when the source is
/// down. Absence is cacheable too (a null value). At the bound, the oldest entries go first (every entry lives
/// equally long, so that is the expired ones first), never the whole cache.
/// </summary>
internal sealed class ExpiringCache<TValue>(TimeProvider timeProvider, TimeSpan lifetime, int maxEntries)
    where TValue : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _lifetimeTicks = (long)(lifetime.TotalSeconds * timeProvider.TimestampFrequency);
    private readonly Lock _eviction = new();

    /// <summary>Entries held now, expired ones included until they are replaced or pushed out.</summary>
    public int Count => _entries.Count;

    public bool TryGet(string key, out TValue? value)
    {
        if (_entries.TryGetValue(key, out var entry) && timeProvider.GetTimestamp() < entry.ExpiresAt)
        {
            value = entry.Value;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>An entry that is live or expired at most <paramref name="maxAge"/> ago (past its lifetime, as <see cref="KeyCacheOptions.StaleSeconds"/> says).</summary>
    public bool TryGetStale(string key, TimeSpan maxAge, out TValue? value)
    {
        var expiredNoEarlierThan = timeProvider.GetTimestamp() - (long)(maxAge.TotalSeconds * timeProvider.TimestampFrequency);
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > expiredNoEarlierThan)
        {
            value = entry.Value;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>True when an entry for <paramref name="key"/> is held, live or expired.</summary>
    public bool Contains(string key) => _entries.ContainsKey(key);

    public void Set(string key, TValue? value)
    {
        var expiresAt = timeProvider.GetTimestamp() + _lifetimeTicks;
        if (_entries.Count >= maxEntries && !_entries.ContainsKey(key))
        {
            MakeRoom();
        }
        _entries[key] = new Entry(value, expiresAt);
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);

    /// <summary>Keys of non-null entries set at or after <paramref name="timestamp"/> (of the clock's <c>GetTimestamp</c>).</summary>
    public List<string> KeysSetSince(long timestamp)
    {
        var keys = new List<string>();
        foreach (var (key, entry) in _entries)
        {
            if (entry.Value is not null && entry.ExpiresAt - _lifetimeTicks >= timestamp)
            {
                keys.Add(key);
            }
        }
        return keys;
    }

    public void Clear() => _entries.Clear();

    /// <summary>
    /// Drops the oldest tenth of the entries, so the next many writes need no eviction: a sort of the expiry
    /// times once per tenth of the bound, rather than a search for the oldest on every write.
    /// </summary>
    private void MakeRoom()
    {
        lock (_eviction)
        {
            var count = _entries.Count;
            if (count < maxEntries)
            {
                return; // another writer made room meanwhile
            }
            var expiries = new List<long>(count);
            foreach (var (_, entry) in _entries)
            {
                expiries.Add(entry.ExpiresAt);
            }
            expiries.Sort();
            var keep = maxEntries - Math.Max(1, maxEntries / 10);
            var drop = Math.Clamp(expiries.Count - keep, 1, expiries.Count);
            var newestDropped = expiries[drop - 1];
            foreach (var pair in _entries)
            {
                // Only the entry as it was read: one refreshed meanwhile is new and stays.
                if (pair.Value.ExpiresAt <= newestDropped)
                {
                    _entries.TryRemove(pair);
                }
            }
        }
    }

    private readonly record struct Entry(TValue? Value, long ExpiresAt);
}
