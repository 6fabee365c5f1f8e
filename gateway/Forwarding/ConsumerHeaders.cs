using System.Buffers;
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

    /// <summary>Characters a query may hold without any of its names decoding to something they do not spell out.</summary>
    private static readonly SearchValues<char> LiteralQueryChars = SearchValues.Create(
        "!\"#$&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    public static void Apply(TransformBuilderContext context)
    {
        context.AddRequestHeaderRemove(ApiKeyCredentials.HeaderName);
        // YARP's own AddQueryRemoveKey parses the query into a dictionary and rebuilds it on every request, with or
        // without the parameter; the key is almost always in the header, so look at the raw query first.
        context.AddRequestTransform(static transform =>
        {
            if (MayNameKey(transform.Query.QueryString.Value))
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

    /// <summary>
    /// False only when no parameter of <paramref name="query"/> can be named <c>api_key</c> as ASP.NET Core reads
    /// names (case-insensitive, <c>%XX</c> and <c>+</c> decoded, non-ASCII compared by ordinal case folding): the raw
    /// text does not spell it in any ASCII case, and has nothing that decodes or folds into it (<c>%</c>, non-ASCII).
    /// Over-approximate on purpose: a true answer only costs YARP's parse.
    /// </summary>
    internal static bool MayNameKey(string? query) =>
        !string.IsNullOrEmpty(query)
        && (query.Contains(ApiKeyCredentials.QueryName, StringComparison.OrdinalIgnoreCase)
            || query.AsSpan().ContainsAnyExcept(LiteralQueryChars));
}
