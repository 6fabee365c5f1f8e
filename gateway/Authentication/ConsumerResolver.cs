using System.Net;
using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.Protection;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// Turns a presented key into a <see cref="Consumer"/>, checking shape, existence, revocation, expiry, client
/// address and tier. A malformed or unknown key counts as a failed authentication of the client's address
/// (<see cref="AuthFailureThrottle"/>), wherever the key was presented.
/// </summary>
internal sealed class ConsumerResolver(
    ApiKeyHasher hasher,
    KeyRecordCache cache,
    ClientNetworks networks,
    TierCatalog catalog,
    AuthFailureThrottle failures,
    TimeProvider timeProvider)
{
    public async ValueTask<(Consumer? Consumer, AuthenticationFailure Failure)> ResolveAsync(
        string rawKey, IPAddress? client, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.IsWellFormed(rawKey))
        {
            failures.RecordFailure(client);
            return (null, AuthenticationFailure.Malformed);
        }

        var key = await cache.GetKeyAsync(hasher.Hash(rawKey), cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            failures.RecordFailure(client);
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
