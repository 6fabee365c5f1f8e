namespace Tollgate.Core.Accounts;

/// <summary>Reads and writes accounts.</summary>
public interface IAccountStore
{
    /// <summary>Creates an account, or returns null when <paramref name="email"/> already has one.</summary>
    Task<AccountRecord?> CreateAsync(string email, string tier, CancellationToken cancellationToken);

    /// <summary>The account, or null when there is none with that id.</summary>
    Task<AccountRecord?> GetAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>The account holding <paramref name="email"/> (any case), or null.</summary>
    Task<AccountRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>One page of accounts, oldest first, optionally only those of one tier.</summary>
    Task<AccountPage> ListAsync(AccountQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the account from <paramref name="fromTier"/> to <paramref name="toTier"/> only if it is still on
    /// <paramref name="fromTier"/> and holds at most <paramref name="maxActiveKeys"/> active keys, in one atomic
    /// step; tells every gateway when it did.
    /// </summary>
    Task<TierWriteOutcome> ChangeTierWithinKeyLimitAsync(
        string accountId, string fromTier, string toTier, int maxActiveKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the account's own limits (<paramref name="limits"/>; null removes them) in one write, only while it is still on
    /// <paramref name="expectedTier"/> (the tier the limits were checked against); tells every gateway when it did.
    /// </summary>
    Task<TierWriteOutcome> SetLimitsAsync(string accountId, string expectedTier, LimitOverride? limits, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the account and everything kept under its hash tag (key index, windows, usage), frees its
    /// email, drops it from the account list and tells every gateway. Its key records are the key store's
    /// (<see cref="Keys.IApiKeyStore.RevokeAllAsync"/>); <see cref="AccountDeletionService"/> does both.
    /// </summary>
    /// <returns>The deleted account, or null when there was none.</returns>
    Task<AccountRecord?> DeleteAsync(string accountId, CancellationToken cancellationToken);
}
