namespace Tollgate.Core.Keys;

/// <summary>Reads and writes API key records. Raw keys go in, only their HMAC is kept.</summary>
public interface IApiKeyStore
{
    /// <summary>
    /// Issues a new key only while the account exists, is still on <paramref name="accountTier"/> and holds
    /// fewer than <paramref name="maxActiveKeys"/> active keys. The check and the issue are one atomic step,
    /// so concurrent callers at the limit cannot all succeed.
    /// </summary>
    /// <returns><see cref="KeyIssueResult.Issued"/>, <see cref="KeyIssueResult.KeyLimitReached"/>,
    /// <see cref="KeyIssueResult.AccountNotFound"/> or <see cref="KeyIssueResult.TierChanged"/>.</returns>
    Task<KeyIssueResult> IssueWithinLimitAsync(
        string accountId, string accountTier, int maxActiveKeys, NewApiKey request, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the active key <paramref name="keyId"/> by a new one with the same name, expiry, scopes and
    /// networks. The old key keeps working for <paramref name="gracePeriod"/> (its expiry is brought forward
    /// to then, never pushed back) or is revoked at once when the grace period is zero; every gateway is told.
    /// The old key does not count against <paramref name="maxActiveKeys"/>.
    /// </summary>
    /// <returns><see cref="KeyIssueResult.Issued"/> with the replaced record, <see cref="KeyIssueResult.KeyNotFound"/>,
    /// <see cref="KeyIssueResult.KeyNotActive"/>, <see cref="KeyIssueResult.KeyLimitReached"/>,
    /// <see cref="KeyIssueResult.AccountNotFound"/> or <see cref="KeyIssueResult.TierChanged"/>.</returns>
    Task<KeyIssueResult> RotateAsync(
        string accountId, string accountTier, int maxActiveKeys, string keyId, TimeSpan gracePeriod, CancellationToken cancellationToken);

    /// <summary>The record stored under <paramref name="keyHash"/>, or null.</summary>
    Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>The account's key <paramref name="keyId"/>, revoked or not, or null when the account has no such key.</summary>
    Task<ApiKeyRecord?> GetAsync(string accountId, string keyId, CancellationToken cancellationToken);

    /// <summary>Every key the account has had, revoked ones included.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Revokes one key and tells every gateway; false when the account has no such key.</summary>
    Task<bool> RevokeAsync(string accountId, string keyId, CancellationToken cancellationToken);

    /// <summary>
    /// Revokes every key of the account and tells every gateway. With <paramref name="forgetAfter"/>, the
    /// records are dropped from Redis after that long (an account being deleted): until then a gateway
    /// still answers "revoked" rather than "unknown".
    /// </summary>
    /// <returns>How many keys this call revoked (keys revoked before are not counted).</returns>
    Task<int> RevokeAllAsync(string accountId, TimeSpan? forgetAfter, CancellationToken cancellationToken);
}
