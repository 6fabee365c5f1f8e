using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.AdminApi.Contracts;
using Tollgate.AdminApi.Dashboard.Contracts;
using Tollgate.AdminApi.Dashboard.Sessions;
using Tollgate.AdminApi.Problems;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.AdminApi.Dashboard.Endpoints;

/// <summary><c>/dashboard/api/usage</c> and <c>/usage-history</c>: the signed-in account's windows and per-key history.</summary>
internal static class DashboardUsageEndpoints
{
    public const int DefaultHistoryDays = 30;

    public static RouteGroupBuilder MapDashboardUsageEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/usage", GetUsageAsync).WithName("DashboardUsage");
        api.MapGet("/usage-history", GetUsageHistoryAsync).WithName("DashboardUsageHistory");
        return api;
    }

    /// <summary>Hour, day and month against the tier's limits, as the gateways see them (reading counts nothing).</summary>
    internal static async Task<Results<Ok<DashboardUsageResponse>, ProblemHttpResult>> GetUsageAsync(
        DashboardCaller caller,
        TierCatalog catalog,
        IRateLimiter limiter,
        UsageHistoryReader history,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(caller.Account.Tier, out var tier))
        {
            return ProblemCatalog.TierUnavailable.Result(
                $"Your tier '{caller.Account.Tier}' is no longer offered, so its limits are unknown; choose another plan below.");
        }
        var peek = limiter.PeekAsync(caller.Account.Id, tier.Limits, cancellationToken);
        var today = history.ReadAsync(caller.Account.Id, days: 1, cancellationToken);
        await Task.WhenAll(peek, today);
        var now = timeProvider.GetUtcNow();
        var day = (await today)[0];
        var windows = (await peek).Windows.Select(w => Gauge(w, now)).ToList();
        return TypedResults.Ok(new DashboardUsageResponse(tier.Name, tier.DisplayName, windows, day.Date, day.Total, now));
    }

    /// <summary>Requests per UTC day and per key for the last <c>days</c> days (1 to 90, default 30).</summary>
    internal static async Task<Results<Ok<DashboardHistoryResponse>, ValidationProblem>> GetUsageHistoryAsync(
        DashboardCaller caller,
        UsageHistoryReader history,
        IApiKeyStore keys,
        TimeProvider timeProvider,
        CancellationToken cancellationToken,
        int? days = null)
    {
        var span = days ?? DefaultHistoryDays;
        if (span < 1 || span > UsageHistoryReader.MaxDays)
        {
            return FieldErrors.Single("days", $"'days' must be between 1 and {UsageHistoryReader.MaxDays}.");
        }
        var usage = history.ReadAsync(caller.Account.Id, span, cancellationToken);
        var records = keys.ListAsync(caller.Account.Id, cancellationToken);
        await Task.WhenAll(usage, records);
        var now = timeProvider.GetUtcNow();
        return TypedResults.Ok(new DashboardHistoryResponse(
            span,
            [.. (await records).Select(k => new HistoryKeyResponse(k.KeyId, k.Name, k.Prefix, KeyResponse.StatusOf(k, now)))],
            [.. (await usage).Select(d => new UsageDayResponse(d.Date, d.Total, d.ByKey))]));
    }

    private static UsageGaugeResponse Gauge(WindowUsage window, DateTimeOffset now)
    {
        var percentage = window.Limit <= 0 ? 100.0 : Math.Min(100.0, 100.0 * window.Used / window.Limit);
        var resetSeconds = (long)Math.Ceiling(window.ResetAfter.TotalSeconds);
        return new UsageGaugeResponse(
            window.Window.Name,
            (long)window.Window.Length.TotalSeconds,
            window.Used,
            window.Limit,
            window.Remaining,
            Math.Round(percentage, 1, MidpointRounding.AwayFromZero),
            resetSeconds,
            resetSeconds > 0 ? now.AddSeconds(resetSeconds) : null);
    }
}
