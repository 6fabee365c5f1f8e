using System.Net;
using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;

namespace Tollgate.Gateway.Authentication;

/// <summary>Turns a presented key into a <see cref="Consumer"/>, checking shape, existence, revocation, expiry, client address and tier.</summary>
internal sealed class ConsumerResolver(
    ApiKeyHasher hasher,
    KeyRecordCache cache,
    ClientNetworks networks,
    TierCatalog catalog,
    TimeProvider timeProvider)
{
    public async ValueTask<(Consumer? Consumer, AuthenticationFailure Failure)> ResolveAsync(
        string rawKey, IPAddress? client, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.IsWellFormed(rawKey))
        {
            return (null, AuthenticationFailure.Malformed);
        }

        var key = await cache.GetKeyAsync(hasher.Hash(rawKey), cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return (null, AuthenticationFailure.Unknown);
        }
        if (key.RevokedAt is not null)
        {
            return (null, AuthenticationFailure.Revoked);
        }
        if (key.ExpiresAt <= timeProvider.GetUtcNow())
        {
            return (null, AuthenticationFailure.Expired);
        }
        if (!networks.Allows(key, client))
        {
            return (null, AuthenticationFailure.AddressNotAllowed);
        }

        var account = await cache.GetAccountAsync(key.AccountId, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return (null, AuthenticationFailure.Unknown);
        }
        return catalog.TryGet(account.Tier, out var tier)
            ? (new Consumer(key, account, tier), AuthenticationFailure.None)
            : (null, AuthenticationFailure.TierUnavailable);
    }
}
