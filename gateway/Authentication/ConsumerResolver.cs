using System.Net;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Gateway.Protection;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// Turns a presented key into a <see cref="Consumer"/>, checking shape and existence, then the key's use by the
/// client through the one rule of <see cref="KeyAccess"/> (revocation, expiry, client address), then the tier (merged with the account's own limits, <see cref="AccountTiers"/>). A malformed or unknown key counts as a failed authentication of the client's address
/// (<see cref="AuthFailureThrottle"/>), wherever the key was presented, unless the caller says not to (a verifying service that
/// names no client: its own address is not the key's client).
/// </summary>
internal sealed class ConsumerResolver(
    ApiKeyHasher hasher,
    KeyRecordCache cache,
    KeyAccess access,
    AccountTiers tiers,
    AuthFailureThrottle failures)
{
    public async ValueTask<(Consumer? Consumer, AuthenticationFailure Failure)> ResolveAsync(
        string rawKey, IPAddress? client, CancellationToken cancellationToken, bool recordFailures = true)
    {
        var keyHash = ApiKeyFormat.HasShape(rawKey) ? hasher.Hash(rawKey) : null;
        // The checksum only guards Redis from made-up keys: a key the cache has seen passed it before it was looked up
        // (the same hash is the same key), so only a key about to be looked up pays for it.
        if (keyHash is null || (!cache.HasSeen(keyHash) && !ApiKeyFormat.IsWellFormed(rawKey)))
        {
            if (recordFailures)
            {
                failures.RecordFailure(client);
            }
            return (null, AuthenticationFailure.Malformed);
        }

        var key = await cache.GetKeyAsync(keyHash, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            if (recordFailures)
            {
                failures.RecordFailure(client);
            }
            return (null, AuthenticationFailure.Unknown);
        }
        var refusal = access.CheckUse(key, client);
        if (refusal != KeyRefusal.None)
        {
            return (null, refusal switch
            {
                KeyRefusal.Revoked => AuthenticationFailure.Revoked,
                KeyRefusal.Expired => AuthenticationFailure.Expired,
                _ => AuthenticationFailure.AddressNotAllowed,
            });
        }

        var account = await cache.GetAccountAsync(key.AccountId, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return (null, AuthenticationFailure.Unknown);
        }
        if (KeyAccess.CheckEnabled(key, account) == KeyRefusal.Disabled)
        {
            return (null, AuthenticationFailure.Disabled);
        }
        // The account's own limits, while they apply, stand in for the tier's: the limiter and feature checks read this tier.
        return tiers.TryGet(account, out var tier)
            ? (new Consumer(key, account, tier), AuthenticationFailure.None)
            : (null, AuthenticationFailure.TierUnavailable);
    }
}
