using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.SelfService.Contracts;
using Tollgate.ConsumerSide.Dashboard.Contracts;
using Tollgate.ConsumerSide.Dashboard.Sessions;
using Tollgate.SelfService.Problems;
using Tollgate.SelfService.Usage;
using Tollgate.Core.Billing.Metering;
using Tollgate.Core.Limiting;
using Tollgate.Core.Accounts;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.ConsumerSide.Dashboard.Endpoints;

/// <summary><c>/dashboard/api/usage</c> and <c>/usage-history</c>: the signed-in account's windows and per-key history.</summary>
internal static class DashboardUsageEndpoints
{
    public static RouteGroupBuilder MapDashboardUsageEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/usage", GetUsageAsync).WithName("DashboardUsage");
        api.MapGet("/usage-history", GetUsageHistoryAsync).WithName("DashboardUsageHistory");
        return api;
    }

    /// <summary>Hour, day and month against the tier's limits (or the account's own), as the gateways see them, and any overage so far (reading counts nothing).</summary>
    internal static async Task<Results<Ok<DashboardUsageResponse>, ProblemHttpResult>> GetUsageAsync(
        DashboardCaller caller,
        AccountTiers tiers,
        AccountUsage usage,
        AccountOverage overage,
        CancellationToken cancellationToken)
    {
        if (!tiers.TryGet(caller.Account, out var tier))
        {
            return ProblemCatalog.TierUnavailable.Result(
                $"Your tier '{caller.Account.Tier}' is no longer offered, so its limits are unknown; choose another plan below.");
        }
        var now = await usage.NowAsync(caller.Account.Id, tier.Limits, cancellationToken);
        var billed = await overage.ReadAsync(caller.Account, tier, cancellationToken);
        return TypedResults.Ok(new DashboardUsageResponse(tier.Name, tier.DisplayName, now.Windows, now.Today.Date, now.Today.Total, now.At,
            CustomLimitsResponse.From(tiers.ActiveOverride(caller.Account)),
            billed is null ? null : new DashboardOverageResponse(billed.Units, billed.UnitPricePer1000, billed.Amount, billed.PeriodStart)));
    }

    /// <summary>Requests per UTC day and per key for the last <c>days</c> days (1 to 90, default 30).</summary>
    internal static async Task<Results<Ok<UsageHistoryResponse>, ValidationProblem>> GetUsageHistoryAsync(
        DashboardCaller caller,
        AccountUsage usage,
        CancellationToken cancellationToken,
        int? days = null)
    {
        if (AccountUsage.DaysProblem(days, out var span) is { } invalid)
        {
            return invalid;
        }
        return TypedResults.Ok(await usage.HistoryAsync(caller.Account.Id, span, cancellationToken));
    }
}
