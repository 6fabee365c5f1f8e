using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.AdminApi.Authentication;
using Tollgate.AdminApi.Contracts;
using Tollgate.SelfService.Contracts;
using Tollgate.SelfService.Usage;
using Tollgate.AdminApi.Problems;
using Tollgate.SelfService.Problems;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using static Tollgate.AdminApi.Accounts.AccountEndpoints;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.AdminApi.Usage;

/// <summary><c>/admin/accounts/{id}/usage</c> and <c>/usage-history</c>: what an account has used, now and per day.</summary>
internal static class UsageEndpoints
{
    public static RouteGroupBuilder MapUsageEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/accounts/{id}").WithTags("Usage");
        group.MapGet("/usage", GetUsage)
            .RequireAuthorization(AdminPolicies.Read)
            .WithName(nameof(GetUsage))
            .WithDescription("The hour, day and month windows as the gateways see them (reading counts nothing), and today's requests per key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/usage-history", GetUsageHistory)
            .RequireAuthorization(AdminPolicies.Read)
            .WithName(nameof(GetUsageHistory))
            .WithDescription(
                $"Requests per UTC day and per key for the last `days` days (1 to {UsageHistoryReader.MaxDays}, default " +
                $"{AccountUsage.DefaultHistoryDays}), today included, oldest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    /// <summary>The account's windows and today's requests per key.</summary>
    internal static async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> GetUsage(
        string id,
        IAccountStore accounts,
        IApiKeyStore keys,
        AccountTiers tiers,
        AccountUsage usage,
        CancellationToken cancellationToken)
    {
        var account = IsAccountId(id) ? await accounts.GetAsync(id, cancellationToken) : null;
        if (account is null)
        {
            return AccountNotFound(id);
        }
        if (!tiers.TryGet(account, out var tier))
        {
            return ProblemCatalog.TierUnavailable.Result(
                $"The account's tier '{account.Tier}' is not in the catalogue any more, so its limits are unknown; move it to another tier.");
        }

        // Independent reads of the account's slot, sent together.
        var reading = usage.NowAsync(id, tier.Limits, cancellationToken);
        var records = keys.ListAsync(id, cancellationToken);
        await Task.WhenAll(reading, records);
        var now = await reading;
        var day = now.Today;

        var perKey = (await records)
            .Select(k => new KeyUsageResponse(k.KeyId, k.Name, k.Prefix, KeyResponse.StatusOf(k, now.At), day.ByKey.GetValueOrDefault(k.KeyId)))
            .ToList();
        return TypedResults.Ok(new UsageResponse(id, tier.Name, now.Windows.ToDictionary(w => w.Window, StringComparer.Ordinal),
            new TodayUsageResponse(day.Date, day.Total, perKey), CustomLimitsResponse.From(tiers.ActiveOverride(account))));
    }

    /// <summary>Requests per day and per key.</summary>
    internal static async Task<Results<Ok<UsageHistoryResponse>, ValidationProblem, ProblemHttpResult>> GetUsageHistory(
        string id,
        IAccountStore accounts,
        AccountUsage usage,
        CancellationToken cancellationToken,
        int? days = null)
    {
        if (AccountUsage.DaysProblem(days, out var span) is { } invalid)
        {
            return invalid;
        }
        if (!IsAccountId(id) || await accounts.GetAsync(id, cancellationToken) is null)
        {
            return AccountNotFound(id);
        }
        return TypedResults.Ok(await usage.HistoryAsync(id, span, cancellationToken));
    }
}
