using Microsoft.Extensions.Caching.Distributed;
using Tollgate.Core;

namespace Tollgate.Gateway.UnitTests.Fakes;

/// <summary>An <see cref="IDistributedCache"/> whose store is down: every call fails as the guard reports it.</summary>
internal sealed class DownDistributedCache : IDistributedCache
{
    public int Calls { get; private set; }

    public byte[]? Get(string key) => throw Down();

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromException<byte[]?>(Down());

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw Down();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => Task.FromException(Down());

    public void Refresh(string key) => throw Down();

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.FromException(Down());

    public void Remove(string key) => throw Down();

    public Task RemoveAsync(string key, CancellationToken token = default) => Task.FromException(Down());

    private StoreUnavailableException Down()
    {
        Calls++;
        return new StoreUnavailableException(StoreFault.Unreachable, "The cache store is down.");
    }
}
