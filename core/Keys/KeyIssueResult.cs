namespace Tollgate.Core.Keys;

/// <summary>
/// What came of issuing or rotating a key within the tier's key limit: exactly one of the nested cases.
/// </summary>
public abstract record KeyIssueResult
{
    private KeyIssueResult()
    {
    }

    /// <summary>The key was issued; <see cref="IssuedApiKey.RawKey"/> is to be shown once.</summary>
    /// <param name="Key">The new key and its record.</param>
    /// <param name="Replaced">For a rotation: the old key's record as it now stands (expiring or revoked).</param>
    public sealed record Issued(IssuedApiKey Key, ApiKeyRecord? Replaced) : KeyIssueResult;

    /// <summary>There is no such account.</summary>
    public sealed record AccountNotFound : KeyIssueResult;

    /// <summary>The account has no key with that id (rotation only).</summary>
    public sealed record KeyNotFound : KeyIssueResult;

    /// <summary>The key to rotate is revoked or expired.</summary>
    /// <param name="Key">Its record.</param>
    public sealed record KeyNotActive(ApiKeyRecord Key) : KeyIssueResult;

    /// <summary>The account already holds as many active keys as its tier allows.</summary>
    /// <param name="ActiveKeys">Active keys the account holds.</param>
    /// <param name="MaxKeys">Active keys its tier allows.</param>
    public sealed record KeyLimitReached(int ActiveKeys, int MaxKeys) : KeyIssueResult;

    /// <summary>The account's tier is not in the catalogue any more, so its key limit is unknown.</summary>
    /// <param name="Tier">The account's tier name.</param>
    public sealed record TierUnavailable(string Tier) : KeyIssueResult;

    /// <summary>The account's tier changed while the key was being issued; nothing was issued. Read the account again.</summary>
    public sealed record TierChanged : KeyIssueResult;
}
