using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.AdminApi.Authentication;
using Tollgate.AdminApi.Contracts;
using Tollgate.Core.Tiers;

namespace Tollgate.AdminApi.Tiers;

/// <summary><c>/admin/tiers</c>: the tier catalogue as configured.</summary>
internal static class TierEndpoints
{
    public static RouteGroupBuilder MapTierEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/tiers", ListTiers)
            .RequireAuthorization(AdminPolicies.Read)
            .WithTags("Tiers")
            .WithName(nameof(ListTiers))
            .WithDescription("The catalogue from configuration, cheapest first: price, limits per window (and the burst window), key limit, features and overage terms.");
        return admin;
    }

    /// <summary>The tier catalogue, cheapest first.</summary>
    internal static Ok<TierListResponse> ListTiers(TierCatalog catalog) =>
        TypedResults.Ok(new TierListResponse([.. catalog.Ordered.Select(TierResponse.From)]));
}
