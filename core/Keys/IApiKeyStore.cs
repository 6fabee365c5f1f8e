namespace Tollgate.Core.Keys;

/// <summary>Reads and writes API key records. Raw keys go in, only their HMAC is kept.</summary>
public interface IApiKeyStore
{
    /// <summary>Issues a new key for <paramref name="accountId"/>; the raw key is in the result and nowhere else.</summary>
    Task<IssuedApiKey> IssueAsync(string accountId, NewApiKey request, CancellationToken cancellationToken);

    /// <summary>The record stored under <paramref name="keyHash"/>, or null.</summary>
    Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Every key the account has had, revoked ones included.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Revokes one key and tells every gateway; false when the account has no such key.</summary>
    Task<bool> RevokeAsync(string accountId, string keyId, CancellationToken cancellationToken);
}
