using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.ConsumerSide.OpenApi;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.SelfService.Audit;
using Tollgate.SelfService.Contracts;
using Tollgate.SelfService.Tiers;
using Tollgate.SelfService.Usage;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.ConsumerSide.Subscription;

/// <summary>
/// The seed's subscription endpoints, answered by the consumer side in the gateway, which already knows the caller
/// from the key. They need a key (except <c>tiers</c>) but never count against the limits.
/// </summary>
internal static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v3/subscription").WithTags("Subscription").InConsumerDocument();
        group.MapGet("/tiers", GetTiers).WithName("GetTiers");

        var keyed = group.MapGroup("").AddEndpointFilter<RequireKeyFilter>();
        keyed.MapGet("/my-tier", GetMyTierAsync).WithName("GetMyTier");
        keyed.MapPost("/upgrade", ChangeTierAsync).WithName("ChangeTier");
        keyed.MapGet("/usage-history", GetUsageHistoryAsync).WithName("GetUsageHistory");
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
    internal static async Task<Ok<MyTierResponse>> GetMyTierAsync(HttpContext context, AccountUsage usage, AccountTiers tiers)
    {
        var consumer = context.Features.GetRequiredFeature<KeyHolder>();
        var windows = await usage.WindowsAsync(consumer.Account.Id, consumer.Tier.Limits, context.RequestAborted);
        // consumer.Tier already carries the account's own limits while they apply; the override is shown so the caller knows why.
        return TypedResults.Ok(new MyTierResponse("success", CurrentTier.From(consumer.Tier), UsageSummary.From(windows),
            CustomLimitsResponse.From(tiers.ActiveOverride(consumer.Account)), consumer.Tier.Limits.PerSecond, TierOverageResponse.From(consumer.Tier)));
    }

    /// <summary>
    /// Moves the caller's account to <paramref name="tier"/> (up or down) through the billing provider, under
    /// the same rules as the admin API; the new tier applies from the very next request. Managing the account:
    /// only a key without scopes or with scope <c>account</c> may (403 otherwise); a priced tier needs a payment
    /// provider (402 with how to upgrade when there is none).
    /// </summary>
    internal static async Task<Results<Ok<TierChangeResponse>, Accepted<CheckoutStarted>, ValidationProblem, ProblemHttpResult>> ChangeTierAsync(
        HttpContext context, string? tier, TierChanges tierChanges, IConsumerKeys keys)
    {
        var consumer = context.Features.GetRequiredFeature<KeyHolder>();
        if (!KeyAccess.CanManageAccount(consumer.Key))
        {
            // Revoked, expired and address were checked when the key was resolved; what is left is the scope.
            return ProblemCatalog.KeyCannotManageAccount.Result(
                $"This key is limited to {string.Join(", ", consumer.Key.Scopes)}; changing the tier needs a key without scopes or with scope '{KeyScopes.Account}'.",
                new Dictionary<string, object?> { ["key_scopes"] = consumer.Key.Scopes, ["required_scope"] = KeyScopes.Account });
        }
        if (string.IsNullOrWhiteSpace(tier))
        {
            return ProblemCatalog.InvalidParameter.Result("Say which tier to move to: ?tier=pro.", new Dictionary<string, object?> { ["parameter"] = "tier" });
        }

        var answer = await tierChanges.ChangeAsync(consumer.Account.Id, tier, TierChangeOrigin.Consumer,
            AuditActor.Key(consumer.Key.KeyId, "consumer"), AccountGone, context.RequestAborted);
        if (answer.Result is Ok<TierChangeResponse> { Value.Changed: true })
        {
            // This instance must not wait for its own pub/sub echo: the very next request sees the new tier.
            keys.Forget(consumer.Account.Id);
        }
        return answer;
    }

    /// <summary>Requests per UTC day and per key over the last <c>days</c> days (1–90, default 30), oldest first.</summary>
    internal static async Task<Results<Ok<UsageHistoryResponse>, ProblemHttpResult>> GetUsageHistoryAsync(
        HttpContext context, string? days, AccountUsage usage)
    {
        var consumer = context.Features.GetRequiredFeature<KeyHolder>();
        var count = AccountUsage.DefaultHistoryDays;
        if (days is not null
            && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > UsageHistoryReader.MaxDays))
        {
            return ProblemCatalog.InvalidParameter.Result(
                $"days must be a whole number from 1 to {UsageHistoryReader.MaxDays}.", new Dictionary<string, object?> { ["parameter"] = "days" });
        }
        return TypedResults.Ok(await usage.HistoryAsync(consumer.Account.Id, count, context.RequestAborted));
    }

    private static ProblemHttpResult AccountGone() => ProblemCatalog.AccountNotFound.Result("The key's account no longer exists.");
}
