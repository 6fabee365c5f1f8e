using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Core.Tiers;

namespace Tollgate.Gateway.Subscription;

/// <summary>The seed's subscription endpoints that the gateway answers itself.</summary>
internal static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v3/subscription");
        group.MapGet("/tiers", GetTiers).WithName("GetTiers");
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
}
