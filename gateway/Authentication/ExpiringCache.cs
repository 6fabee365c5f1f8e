using System.Collections.Concurrent;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// A small bounded cache whose entries expire after a fixed lifetime on the injected clock. Expired
/// entries stay until replaced, so a caller may still use them (<see cref="TryGetStale"/>) when the
/// source is down. Absence is cacheable too (a null value), so unknown keys do not each cost a Redis call.
/// </summary>
internal sealed class ExpiringCache<TValue>(TimeProvider timeProvider, TimeSpan lifetime, int maxEntries)
    where TValue : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _lifetimeTicks = (long)(lifetime.TotalSeconds * timeProvider.TimestampFrequency);

    /// <summary>Entries held now, expired ones included until they are replaced or swept.</summary>
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

    /// <summary>An entry, expired or not, that was stored at most <paramref name="maxAge"/> ago.</summary>
    public bool TryGetStale(string key, TimeSpan maxAge, out TValue? value)
    {
        var oldestAllowed = timeProvider.GetTimestamp() - _lifetimeTicks - (long)(maxAge.TotalSeconds * timeProvider.TimestampFrequency);
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > oldestAllowed)
        {
            value = entry.Value;
            return true;
        }
        value = null;
        return false;
    }

    public void Set(string key, TValue? value)
    {
        if (_entries.Count >= maxEntries)
        {
            // Rare, and only under a flood of distinct keys: starting over keeps memory bounded.
            _entries.Clear();
        }
        _entries[key] = new Entry(value, timeProvider.GetTimestamp() + _lifetimeTicks);
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();

    private readonly record struct Entry(TValue? Value, long ExpiresAt);
}
