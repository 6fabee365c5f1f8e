using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.AdminApi.Authentication;
using Tollgate.AdminApi.Contracts;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Tiers;
using Tollgate.SelfService.Audit;
using Tollgate.SelfService.Contracts;
using Tollgate.SelfService.Problems;
using Tollgate.ServiceDefaults.Problems;
using static Tollgate.AdminApi.Accounts.AccountEndpoints;

namespace Tollgate.AdminApi.Accounts;

/// <summary><c>/admin/accounts/{id}/limits</c>: one account's own limits in place of its tier's (a contract), read, set and removed.</summary>
internal static class LimitEndpoints
{
    public static RouteGroupBuilder MapLimitEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/accounts/{id}/limits").WithTags("Accounts");
        group.MapGet("/", GetLimits)
            .RequireAuthorization(AdminPolicies.Read)
            .WithName(nameof(GetLimits))
            .WithDescription("The limits the gateways apply to the account now: its tier's merged with its own, and its own with their end.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/", SetLimits)
            .RequireAuthorization(AdminPolicies.Billing)
            .WithName(nameof(SetLimits))
            .WithDescription(
                "Gives the account its own requests_per_hour/day/month, max_keys and features (a field left out is the tier's; the " +
                "body replaces any earlier one), optionally until expires_at, after which the tier's apply again by themselves. Every " +
                "gateway applies it within a second. Lowering max_keys below the active keys revokes none; new keys are refused until below.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/", RemoveLimits)
            .RequireAuthorization(AdminPolicies.Billing)
            .WithName(nameof(RemoveLimits))
            .WithDescription("Removes the account's own limits: its tier's apply again on every gateway within a second.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    /// <summary>The account's effective limits and its own.</summary>
    internal static async Task<Results<Ok<AccountLimitsResponse>, ProblemHttpResult>> GetLimits(
        string id, IAccountStore accounts, AccountTiers tiers, CancellationToken cancellationToken)
    {
        var account = IsAccountId(id) ? await accounts.GetAsync(id, cancellationToken) : null;
        if (account is null)
        {
            return AccountNotFound(id);
        }
        return Answer(account, tiers) is { } answer ? TypedResults.Ok(answer) : TierGone(account);
    }

    /// <summary>Sets the account's own limits.</summary>
    internal static async Task<Results<Ok<AccountLimitsResponse>, ValidationProblem, ProblemHttpResult>> SetLimits(
        string id,
        SetLimitsRequest? request,
        IAccountStore accounts,
        TierCatalog catalog,
        AccountTiers tiers,
        ChangeAudit audit,
        TimeProvider timeProvider,
        ClaimsPrincipal admin,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return FieldErrors.Single("body",
                "A JSON body with any of requests_per_hour, requests_per_day, requests_per_month, max_keys, features, expires_at is required.");
        }
        var account = IsAccountId(id) ? await accounts.GetAsync(id, cancellationToken) : null;
        if (account is null)
        {
            return AccountNotFound(id);
        }
        if (!catalog.TryGet(account.Tier, out var tier))
        {
            return TierGone(account);
        }

        var errors = new FieldErrors();
        var limits = Validate(request, tier, catalog, timeProvider.GetUtcNow(), errors);
        if (limits is null)
        {
            return errors.ToResult();
        }

        var outcome = await accounts.SetLimitsAsync(id, tier.Name, limits, cancellationToken);
        if (outcome == TierWriteOutcome.AccountNotFound)
        {
            return AccountNotFound(id);
        }
        if (outcome != TierWriteOutcome.Changed)
        {
            return ProblemCatalog.ConcurrentChange.Result("The account's tier changed while its limits were being set; read it again and retry.");
        }
        await audit.RecordAsync(AdminAuthentication.ActorOf(admin), AuditActions.LimitsSet, id, details: Details(tier.Name, limits));
        return Answer(account with { LimitOverride = limits }, tiers) is { } answer ? TypedResults.Ok(answer) : TierGone(account);
    }

    /// <summary>Removes the account's own limits.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveLimits(
        string id, IAccountStore accounts, ChangeAudit audit, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        var account = IsAccountId(id) ? await accounts.GetAsync(id, cancellationToken) : null;
        if (account is null)
        {
            return AccountNotFound(id);
        }
        var outcome = await accounts.SetLimitsAsync(id, account.Tier, null, cancellationToken);
        if (outcome == TierWriteOutcome.AccountNotFound)
        {
            return AccountNotFound(id);
        }
        if (outcome != TierWriteOutcome.Changed)
        {
            return ProblemCatalog.ConcurrentChange.Result("The account's tier changed meanwhile; retry.");
        }
        if (account.LimitOverride is not null)
        {
            await audit.RecordAsync(AdminAuthentication.ActorOf(admin), AuditActions.LimitsRemoved, id,
                details: new Dictionary<string, string> { ["tier"] = account.Tier });
        }
        return TypedResults.NoContent();
    }

    /// <summary>The override a valid request asks for, or null with the reasons in <paramref name="errors"/>.</summary>
    internal static LimitOverride? Validate(SetLimitsRequest request, Tier tier, TierCatalog catalog, DateTimeOffset now, FieldErrors errors)
    {
        if (request is { RequestsPerHour: null, RequestsPerDay: null, RequestsPerMonth: null, MaxKeys: null, Features: null })
        {
            errors.Add("body", "Name at least one of requests_per_hour, requests_per_day, requests_per_month, max_keys, features (DELETE removes the account's own limits).");
            return null;
        }
        Positive(errors, "requests_per_hour", request.RequestsPerHour);
        Positive(errors, "requests_per_day", request.RequestsPerDay);
        Positive(errors, "requests_per_month", request.RequestsPerMonth);
        Positive(errors, "max_keys", request.MaxKeys);

        var hour = request.RequestsPerHour ?? tier.Limits.PerHour;
        var day = request.RequestsPerDay ?? tier.Limits.PerDay;
        var month = request.RequestsPerMonth ?? tier.Limits.PerMonth;
        if (!errors.Any && (hour > day || day > month))
        {
            // Judged with the tier's values filled in: a larger hour alone can break the order as surely as a smaller day.
            errors.Add(request.RequestsPerDay is null && request.RequestsPerMonth is null ? "requests_per_hour" : "requests_per_day",
                string.Create(CultureInfo.InvariantCulture,
                    $"Merged with the {tier.Name} tier the limits would be {hour}/hour, {day}/day, {month}/month; each window must admit no more than the next longer one."));
        }

        IReadOnlyList<string>? features = null;
        if (request.Features is { } asked)
        {
            var known = catalog.Ordered.SelectMany(t => t.Features).ToHashSet(StringComparer.Ordinal);
            var unknown = asked.Where(f => f is null || !known.Contains(f)).ToList();
            if (unknown.Count > 0)
            {
                errors.Add("features", $"Unknown features: {string.Join(", ", unknown.Select(f => Echo.Of(f ?? "null")))}; known: {string.Join(", ", known)}.");
            }
            features = [.. asked.Distinct(StringComparer.Ordinal)];
        }
        if (request.ExpiresAt is { } end && end <= now)
        {
            errors.Add("expires_at", "'expires_at' must be in the future.");
        }
        return errors.Any
            ? null
            : new LimitOverride(request.RequestsPerHour, request.RequestsPerDay, request.RequestsPerMonth, request.MaxKeys, features, request.ExpiresAt);
    }

    private static void Positive(FieldErrors errors, string field, long? value)
    {
        if (value is <= 0)
        {
            errors.Add(field, $"'{field}' must be a positive whole number.");
        }
    }

    /// <summary>The account's limits as the gateways apply them; null when its tier is not in the catalogue.</summary>
    private static AccountLimitsResponse? Answer(AccountRecord account, AccountTiers tiers) => tiers.TryGet(account, out var effective)
        ? new AccountLimitsResponse(account.Id, account.Tier,
            TierLimitsResponse.From(effective.Limits),
            effective.MaxKeys, effective.Features, CustomLimitsResponse.From(tiers.ActiveOverride(account)))
        : null;

    private static ProblemHttpResult TierGone(AccountRecord account) => ProblemCatalog.TierUnavailable.Result(
        $"The account's tier '{account.Tier}' is not in the catalogue any more; move it to another tier first.");

    private static Dictionary<string, string> Details(string tier, LimitOverride limits)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["tier"] = tier };
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                details[name] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
            }
        }
        Add("requests_per_hour", limits.PerHour);
        Add("requests_per_day", limits.PerDay);
        Add("requests_per_month", limits.PerMonth);
        Add("max_keys", limits.MaxKeys);
        Add("features", limits.Features is { } f ? string.Join(",", f) : null);
        Add("expires_at", limits.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture));
        return details;
    }
}
