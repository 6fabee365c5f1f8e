using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.SelfService.Contracts;
using Tollgate.ConsumerSide.Dashboard.Contracts;
using Tollgate.ConsumerSide.Dashboard.Sessions;
using Tollgate.SelfService.Problems;
using Tollgate.SelfService.Tiers;
using Tollgate.Core.Accounts;
using Tollgate.Core.Billing;
using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.ConsumerSide.Dashboard.Endpoints;

/// <summary>
/// <c>/dashboard/api/tiers</c> and <c>/tier</c>: the plans side by side, and moving between them through
/// <see cref="TierChanges"/>: the same rules, billing provider and answers as the admin API and the subscription API.
/// </summary>
internal static class DashboardTierEndpoints
{
    public static RouteGroupBuilder MapDashboardTierEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/tiers", ListTiersAsync).WithName("DashboardListTiers");
        api.MapPut("/tier", ChangeTierAsync).WithName("DashboardChangeTier").AddEndpointFilter<CsrfFilter>();
        return api;
    }

    /// <summary>Every tier, cheapest first, marked current, upgrade or downgrade.</summary>
    internal static async Task<Ok<DashboardTierListResponse>> ListTiersAsync(
        DashboardCaller caller, TierCatalog catalog, IApiKeyStore keys, IBillingPortal portal, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var active = (await keys.ListAsync(caller.Account.Id, cancellationToken)).Count(k => k.IsActiveAt(now));
        var rank = catalog.TryGet(caller.Account.Tier, out var current) ? current.Rank : -1;
        var tiers = catalog.Ordered
            .Select(t => new DashboardTierResponse(
                t.Name,
                t.DisplayName,
                t.PriceMonthly,
                TierLimitsResponse.From(t.Limits),
                t.MaxKeys,
                t.Features,
                t.Name == caller.Account.Tier ? "current" : t.Rank > rank ? "upgrade" : "downgrade"))
            .ToList();
        return TypedResults.Ok(new DashboardTierListResponse(caller.Account.Tier, active, tiers, portal.Offers(caller.Account)));
    }

    /// <summary>Moves the account to another tier, up or down; gateways apply it from the next request.</summary>
    internal static async Task<Results<Ok<TierChangeResponse>, Accepted<CheckoutStarted>, ValidationProblem, ProblemHttpResult>> ChangeTierAsync(
        DashboardCaller caller,
        ChangeTierRequest? request,
        TierChanges tierChanges,
        IConsumerKeys keys,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Tier))
        {
            return FieldErrors.Single("tier", "'tier' is required, e.g. {\"tier\": \"pro\"}.");
        }
        var answer = await tierChanges.ChangeAsync(caller.Account.Id, request.Tier, TierChangeOrigin.Consumer,
            DashboardKeyEndpoints.Actor(caller), () => ProblemCatalog.AccountNotFound.Result("Your account no longer exists."), cancellationToken);
        if (answer.Result is Ok<TierChangeResponse> { Value.Changed: true })
        {
            // This gateway's proxy applies the new tier from the very next request, without waiting for its pub/sub echo.
            keys.Forget(caller.Account.Id);
        }
        return answer;
    }
}
