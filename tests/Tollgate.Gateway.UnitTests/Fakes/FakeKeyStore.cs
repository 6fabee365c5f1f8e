using Tollgate.Core;
using Tollgate.Core.Keys;

namespace Tollgate.Gateway.UnitTests.Fakes;

/// <summary>An <see cref="IApiKeyStore"/> that finds keys in <see cref="Records"/> by hash, or fails like a store that is down.</summary>
internal sealed class FakeKeyStore : IApiKeyStore
{
    private int _lookups;

    public Dictionary<string, ApiKeyRecord> Records { get; } = new(StringComparer.Ordinal);

    /// <summary>While true, every lookup fails as a store that cannot be reached.</summary>
    public bool Down { get; set; }

    public int Lookups => Volatile.Read(ref _lookups);

    public Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return Down
            ? Task.FromException<ApiKeyRecord?>(new StoreUnavailableException(StoreFault.Unreachable, "The key store is down."))
            : Task.FromResult(Records.GetValueOrDefault(keyHash));
    }

    public Task<KeyIssueResult> IssueWithinLimitAsync(
        string accountId, string accountTier, int maxActiveKeys, NewApiKey request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<KeyIssueResult> RotateAsync(
        string accountId, string accountTier, int maxActiveKeys, string keyId, TimeSpan gracePeriod, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<ApiKeyRecord?> GetAsync(string accountId, string keyId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string accountId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> RevokeAsync(string accountId, string keyId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> RevokeAllAsync(string accountId, TimeSpan? forgetAfter, CancellationToken cancellationToken) => throw new NotSupportedException();
}
