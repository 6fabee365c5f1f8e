using System.Collections.Concurrent;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// At most one load per key at a time: when a cached record expires under load, the concurrent requests for
/// it share one Redis read instead of each sending their own.
/// </summary>
internal sealed class SingleFlight<TValue>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TValue>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Joins the load of <paramref name="key"/> in progress, or starts <paramref name="load"/>.</summary>
    public Task<TValue> RunAsync(string key, Func<string, Task<TValue>> load) =>
        _inFlight.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => RunThenForgetAsync(k, load))).Value;

    private async Task<TValue> RunThenForgetAsync(string key, Func<string, Task<TValue>> load)
    {
        try
        {
            return await load(key).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }
}
