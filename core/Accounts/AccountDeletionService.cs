using Tollgate.Core.Keys;

namespace Tollgate.Core.Accounts;

/// <summary>Deletes an account for good: its keys first, then the account and everything kept under its hash tag.</summary>
public sealed class AccountDeletionService(IAccountStore accounts, IApiKeyStore keys)
{
    /// <summary>
    /// How long the records of a deleted account's keys stay (revoked), so a gateway answers "revoked" rather
    /// than "unknown" to a client still using one; then Redis drops them.
    /// </summary>
    public static readonly TimeSpan RevokedKeyRetention = TimeSpan.FromDays(30);

    /// <summary>Deletes <paramref name="accountId"/>; null when there is no such account.</summary>
    public async Task<AccountDeletion?> DeleteAsync(string accountId, CancellationToken cancellationToken)
    {
        if (await accounts.GetAsync(accountId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }
        // Keys first: the key index is under the account's tag and goes with it. A key issued in between is
        // refused by the gateways anyway, since its account is gone.
        var revoked = await keys.RevokeAllAsync(accountId, RevokedKeyRetention, cancellationToken).ConfigureAwait(false);
        var account = await accounts.DeleteAsync(accountId, cancellationToken).ConfigureAwait(false);
        return account is null ? null : new AccountDeletion(account, revoked);
    }
}
