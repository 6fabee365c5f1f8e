using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.Authentication;

namespace Tollgate.Gateway.Subscription;

/// <summary>
/// The seed's subscription endpoints, answered by the gateway itself: it already knows the caller from
/// the key. They need a key (except <c>tiers</c>) but never count against the limits.
/// </summary>
internal static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v3/subscription");
        group.MapGet("/tiers", GetTiers).WithName("GetTiers");

        var keyed = group.MapGroup("").AddEndpointFilter<RequireApiKeyFilter>();
        keyed.MapGet("/my-tier", GetMyTierAsync).WithName("GetMyTier");
        return endpoints;
    }

    /// <summary>Every tier with its price, limits and features; needs no key.</summary>
    internal static Ok<TierCatalogResponse> GetTiers(TierCatalog catalog)
    {
        var tiers = new Dictionary<string, TierDescription>(StringComparer.Ordinal);
        foreach (var tier in catalog.Ordered)
        {
            tiers[tier.Name] = TierDescription.From(tier);
        }
        return TypedResults.Ok(new TierCatalogResponse("success", tiers));
    }

    /// <summary>The caller's tier and how much of each window it has used; counts nothing.</summary>
    internal static async Task<Ok<MyTierResponse>> GetMyTierAsync(HttpContext context, IRateLimiter limiter)
    {
        var consumer = context.Features.GetRequiredFeature<Consumer>();
        var usage = await limiter.PeekAsync(consumer.Account.Id, consumer.Tier.Limits, context.RequestAborted);
        return TypedResults.Ok(new MyTierResponse("success", CurrentTier.From(consumer.Tier), UsageSummary.From(usage)));
    }
}
