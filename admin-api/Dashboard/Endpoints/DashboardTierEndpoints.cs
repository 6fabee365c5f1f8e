using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.AdminApi.Accounts;
using Tollgate.AdminApi.Contracts;
using Tollgate.AdminApi.Dashboard.Contracts;
using Tollgate.AdminApi.Dashboard.Sessions;
using Tollgate.AdminApi.Problems;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.AdminApi.Dashboard.Endpoints;

/// <summary>
/// <c>/dashboard/api/tiers</c> and <c>/tier</c>: the plans side by side, and moving between them through
/// <see cref="TierChangeService"/>: the same rules and billing provider as the admin API and the gateway's upgrade.
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
        DashboardCaller caller, TierCatalog catalog, IApiKeyStore keys, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var active = (await keys.ListAsync(caller.Account.Id, cancellationToken)).Count(k => k.IsActiveAt(now));
        var rank = catalog.TryGet(caller.Account.Tier, out var current) ? current.Rank : -1;
        var tiers = catalog.Ordered
            .Select(t => new DashboardTierResponse(
                t.Name,
                t.DisplayName,
                t.PriceMonthly,
                new TierLimitsResponse(t.Limits.PerHour, t.Limits.PerDay, t.Limits.PerMonth),
                t.MaxKeys,
                t.Features,
                t.Name == caller.Account.Tier ? "current" : t.Rank > rank ? "upgrade" : "downgrade"))
            .ToList();
        return TypedResults.Ok(new DashboardTierListResponse(caller.Account.Tier, active, tiers));
    }

    /// <summary>Moves the account to another tier, up or down; gateways apply it from the next request.</summary>
    internal static async Task<Results<Ok<DashboardTierChangeResponse>, ValidationProblem, ProblemHttpResult>> ChangeTierAsync(
        DashboardCaller caller,
        ChangeTierRequest? request,
        TierChangeService tierChanges,
        TierCatalog catalog,
        DashboardAudit audit,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Tier))
        {
            return FieldErrors.Single("tier", "'tier' is required, e.g. {\"tier\": \"pro\"}.");
        }
        var result = await tierChanges.ChangeTierAsync(caller.Account.Id, request.Tier.Trim(), TierChangeOrigin.Consumer, cancellationToken);
        switch (result)
        {
            case TierChangeResult.Changed changed:
                await audit.RecordAsync(caller, AuditActions.TierChanged, keyId: null, new Dictionary<string, string>
                {
                    ["from"] = changed.From.Name,
                    ["to"] = changed.To.Name,
                    ["billing_reference"] = changed.BillingReference ?? "",
                });
                return TypedResults.Ok(new DashboardTierChangeResponse(changed.From.Name, changed.To.Name, Changed: true,
                    $"You moved from {changed.From.DisplayName} to {changed.To.DisplayName}; it applies from your next request."));
            case TierChangeResult.Unchanged unchanged:
                return TypedResults.Ok(new DashboardTierChangeResponse(unchanged.Tier.Name, unchanged.Tier.Name, Changed: false,
                    $"You are on {unchanged.Tier.DisplayName} already."));
            case TierChangeResult.UnknownTier unknown:
                return FieldErrors.Single("tier", AccountEndpoints.UnknownTierMessage(unknown.Name, catalog), ProblemCatalog.UnknownTier);
            case TierChangeResult.TooManyKeys tooMany:
                return ProblemCatalog.TooManyKeysForTier.Result(
                    $"{tooMany.To.DisplayName} allows {tooMany.Allowed} active keys and you have {tooMany.Active}. " +
                    $"Revoke {tooMany.ToRevoke.Count} first, for instance: {string.Join(", ", tooMany.ToRevoke.Select(k => $"{k.Name} ({k.Prefix}…)"))}.",
                    TooManyKeysProblem.Extensions(tooMany));
            case TierChangeResult.PaymentDeclined declined:
                return ProblemCatalog.PaymentDeclined.Result(declined.Reason);
            case TierChangeResult.PaymentRequired required:
                return ProblemCatalog.PaymentRequired.Result(required.HowToUpgrade,
                    new Dictionary<string, object?> { ["current_tier"] = required.From.Name, ["requested_tier"] = required.To.Name });
            case TierChangeResult.ConcurrentChange:
                return ProblemCatalog.ConcurrentChange.Result("Your account changed while the plan was being changed; reload and try again.");
            default:
                return ProblemCatalog.AccountNotFound.Result("Your account no longer exists.");
        }
    }
}
