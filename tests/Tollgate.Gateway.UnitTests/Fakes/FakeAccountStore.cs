using Tollgate.Core.Accounts;

namespace Tollgate.Gateway.UnitTests.Fakes;

/// <summary>An <see cref="IAccountStore"/> that reads accounts from <see cref="Records"/>; nothing else is expected of it.</summary>
internal sealed class FakeAccountStore : IAccountStore
{
    public Dictionary<string, AccountRecord> Records { get; } = new(StringComparer.Ordinal);

    public Task<AccountRecord?> GetAsync(string accountId, CancellationToken cancellationToken) =>
        Task.FromResult(Records.GetValueOrDefault(accountId));

    public Task<AccountRecord?> CreateAsync(string email, string tier, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<AccountRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<AccountPage> ListAsync(AccountQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<TierWriteOutcome> ChangeTierWithinKeyLimitAsync(
        string accountId, string fromTier, string toTier, int maxActiveKeys, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<TierWriteOutcome> SetLimitsAsync(
        string accountId, string expectedTier, LimitOverride? limits, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<AccountRecord?> DeleteAsync(string accountId, CancellationToken cancellationToken) => throw new NotSupportedException();
}
