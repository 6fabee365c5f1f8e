using Tollgate.Core;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;

namespace Tollgate.Gateway.Hosting.WarmUp;

/// <summary>
/// The warm-up's own account and key, made up at start and known to this process only (never written to Redis as
/// records): the key is presented like any key and found in the key cache (<see cref="Authentication.KeyRecordCache.Hold"/>),
/// and the account's requests go through the limiter like any account's, on limits nothing reaches.
/// </summary>
/// <param name="RawKey">The key the warm-up's requests present.</param>
/// <param name="KeyHash">Its HMAC, as the cache knows it.</param>
/// <param name="Key">Its record.</param>
/// <param name="Account">Its account's record.</param>
internal sealed record WarmUpConsumer(string RawKey, string KeyHash, ApiKeyRecord Key, AccountRecord Account)
{
    // Out of any warm-up's reach, so every request is admitted, as most real ones are.
    private const long Unreachable = 1_000_000_000_000;

    /// <summary>
    /// A new key and account, of the catalogue's tier whose requests take the limiter's common path (leases: no burst
    /// window, no billed overage, a sliding month), else its first tier.
    /// </summary>
    public static WarmUpConsumer Create(TierCatalog catalog, ApiKeyHasher hasher, DateTimeOffset now)
    {
        var tiers = catalog.Ordered;
        var tier = tiers.LastOrDefault(t => t.Limits is { PerSecond: null, BillsOverage: false, FollowsBillingPeriod: false }) ?? tiers[0];
        var rawKey = ApiKeyFormat.Generate();
        var accountId = Ids.NewAccountId();
        var key = new ApiKeyRecord(Ids.NewKeyId(), accountId, "warm-up", ApiKeyFormat.PrefixOf(rawKey), now, null, null, [], []);
        var account = new AccountRecord(accountId, "warm-up@tollgate.invalid", tier.Name, now)
        {
            LimitOverride = new LimitOverride(Unreachable, Unreachable, Unreachable, null, null, null),
        };
        return new WarmUpConsumer(rawKey, hasher.Hash(rawKey), key, account);
    }
}
