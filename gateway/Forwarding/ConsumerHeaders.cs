using Tollgate.Gateway.Authentication;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Tollgate.Gateway.Forwarding;

/// <summary>
/// What the upstream sees of the caller: never the key (header and query parameter are removed), and
/// the gateway's own <c>X-Account-Id</c> and <c>X-Subscription-Tier</c> in place of any the client sent.
/// Applied to every route.
/// </summary>
internal static class ConsumerHeaders
{
    public const string AccountId = "X-Account-Id";
    public const string SubscriptionTier = "X-Subscription-Tier";

    public static void Apply(TransformBuilderContext context)
    {
        context.AddRequestHeaderRemove(ApiKeyCredentials.HeaderName);
        // YARP's own AddQueryRemoveKey parses the query into a dictionary and rebuilds it on every request, with or
        // without the parameter; the key is almost always in the header, so look at the raw query first.
        context.AddRequestTransform(static transform =>
        {
            if (ApiKeyCredentials.QueryMayNameKey(transform.Query.QueryString.Value))
            {
                // The same removal as YARP's: over the parsed names (any case, percent-decoded), every occurrence.
                transform.Query.Collection.Remove(ApiKeyCredentials.QueryName);
            }
            return ValueTask.CompletedTask;
        });
        context.AddRequestHeaderRemove(AccountId);
        context.AddRequestHeaderRemove(SubscriptionTier);
        context.AddRequestTransform(static transform =>
        {
            if (transform.HttpContext.Features.Get<Consumer>() is { } consumer)
            {
                transform.ProxyRequest.Headers.TryAddWithoutValidation(AccountId, consumer.Account.Id);
                transform.ProxyRequest.Headers.TryAddWithoutValidation(SubscriptionTier, consumer.Tier.Name);
            }
            return ValueTask.CompletedTask;
        });
    }
}
