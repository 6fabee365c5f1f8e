using Microsoft.AspNetCore.Http.Features;
using Tollgate.ConsumerSide;
using Tollgate.Core.Invalidation;
using Tollgate.Gateway.Authentication;

namespace Tollgate.Gateway.ConsumerSide;

/// <summary>
/// The consumer side's key check and cache, as the gateway does them for proxied routes: <see cref="ConsumerAuthenticator"/>
/// (format, the key cache, revoked, expired, allowed_ips, the failure throttle) and <see cref="KeyRecordCache"/>.
/// </summary>
internal sealed class GatewayConsumerKeys(ConsumerAuthenticator authenticator, KeyRecordCache cache) : IConsumerKeys
{
    public async ValueTask<KeyHolder?> AuthenticateAsync(HttpContext context)
    {
        if (!await authenticator.AuthenticateAsync(context))
        {
            return null;
        }
        var consumer = context.Features.GetRequiredFeature<Authentication.Consumer>();
        return new KeyHolder(consumer.Key, consumer.Account, consumer.Tier);
    }

    public void Forget(string accountId) => cache.Invalidate(CacheInvalidation.ForAccount(accountId));
}
