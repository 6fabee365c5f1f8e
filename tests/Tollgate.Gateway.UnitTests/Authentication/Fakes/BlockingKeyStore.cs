using Tollgate.Core.Keys;

namespace Tollgate.Gateway.UnitTests.Authentication.Fakes;

/// <summary>
/// An <see cref="IApiKeyStore"/> whose lookups answer with whatever <see cref="Records"/> holds now, each lookup
/// held until the test releases it when <see cref="Hold"/> is set. Counts lookups.
/// </summary>
internal sealed class BlockingKeyStore : IApiKeyStore
{
    private TaskCompletionSource? _gate;
    private int _lookups;

    public Dictionary<string, ApiKeyRecord> Records { get; } = new(StringComparer.Ordinal);

    public int Lookups => Volatile.Read(ref _lookups);

    /// <summary>Signalled when a held lookup has started.</summary>
    public TaskCompletionSource LookupStarted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>From now on, lookups wait for <see cref="Release"/>.</summary>
    public void Hold()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LookupStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Lets the held lookup answer; later lookups answer at once.</summary>
    public void Release()
    {
        var gate = _gate;
        _gate = null;
        gate?.SetResult();
    }

    public async Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        var found = Records.GetValueOrDefault(keyHash);
        if (_gate is { } gate)
        {
            LookupStarted.TrySetResult();
            await gate.Task;
        }
        return found;
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
