using Tollgate.Core.Accounts;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Keys;

/// <summary>
/// Issues and rotates keys within the key limit of the account's tier (or of its own limits, <see cref="AccountTiers"/>).
/// The limit is read from the catalogue for the tier the account is on, and the store checks atomically that the account is still on
/// that tier when it counts; should a tier change slip in between, the account is read again and the
/// request retried, so a key is never counted against a tier the account has left.
/// </summary>
public sealed class ApiKeyIssuer(IAccountStore accounts, IApiKeyStore keys, AccountTiers tiers)
{
    private const int Attempts = 3;

    /// <summary>Longest grace period a rotation may give the old key: seven days.</summary>
    public static readonly TimeSpan MaxGracePeriod = TimeSpan.FromDays(7);

    /// <summary>Issues a key for <paramref name="accountId"/> unless its tier's key limit is reached.</summary>
    public Task<KeyIssueResult> IssueAsync(string accountId, NewApiKey request, CancellationToken cancellationToken) =>
        WithinTierAsync(accountId,
            (account, tier) => keys.IssueWithinLimitAsync(account.Id, account.Tier, tier.MaxKeys, request, cancellationToken),
            cancellationToken);

    /// <summary>
    /// Replaces the key <paramref name="keyId"/> by a new one with the same settings; the old key keeps
    /// working for <paramref name="gracePeriod"/> (zero: revoked at once).
    /// </summary>
    public Task<KeyIssueResult> RotateAsync(string accountId, string keyId, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gracePeriod, MaxGracePeriod);
        return WithinTierAsync(accountId,
            (account, tier) => keys.RotateAsync(account.Id, account.Tier, tier.MaxKeys, keyId, gracePeriod, cancellationToken),
            cancellationToken);
    }

    private async Task<KeyIssueResult> WithinTierAsync(
        string accountId, Func<AccountRecord, Tier, Task<KeyIssueResult>> issue, CancellationToken cancellationToken)
    {
        KeyIssueResult result = new KeyIssueResult.TierChanged();
        for (var attempt = 0; attempt < Attempts && result is KeyIssueResult.TierChanged; attempt++)
        {
            var account = await accounts.GetAsync(accountId, cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                return new KeyIssueResult.AccountNotFound();
            }
            if (!tiers.TryGet(account, out var tier))
            {
                return new KeyIssueResult.TierUnavailable(account.Tier);
            }
            result = await issue(account, tier).ConfigureAwait(false);
        }
        return result;
    }
}
