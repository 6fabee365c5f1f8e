namespace Tollgate.Core.Invalidation;

/// <summary>
/// A change that gateways must stop trusting their caches about. Sent on
/// <see cref="Redis.RedisKeys.Invalidations"/> as <c>key:&lt;hash&gt;</c> or <c>account:&lt;id&gt;</c>.
/// </summary>
/// <param name="Kind">What changed.</param>
/// <param name="Id">Key hash or account id.</param>
public readonly record struct CacheInvalidation(CacheInvalidationKind Kind, string Id)
{
    private const string KeyTag = "key:";
    private const string AccountTag = "account:";

    /// <summary>A key record changed (revoked, rotated, deleted).</summary>
    public static CacheInvalidation ForKey(string keyHash) => new(CacheInvalidationKind.Key, keyHash);

    /// <summary>An account changed (tier, deletion).</summary>
    public static CacheInvalidation ForAccount(string accountId) => new(CacheInvalidationKind.Account, accountId);

    /// <summary>The wire form.</summary>
    public override string ToString() => (Kind == CacheInvalidationKind.Key ? KeyTag : AccountTag) + Id;

    /// <summary>Reads the wire form; false for anything else.</summary>
    public static bool TryParse(string? message, out CacheInvalidation invalidation)
    {
        invalidation = default;
        if (message is null)
        {
            return false;
        }
        if (message.StartsWith(KeyTag, StringComparison.Ordinal) && message.Length > KeyTag.Length)
        {
            invalidation = ForKey(message[KeyTag.Length..]);
            return true;
        }
        if (message.StartsWith(AccountTag, StringComparison.Ordinal) && message.Length > AccountTag.Length)
        {
            invalidation = ForAccount(message[AccountTag.Length..]);
            return true;
        }
        return false;
    }
}
