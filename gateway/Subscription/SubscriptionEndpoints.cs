using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Problems;
using Tollgate.ServiceDefaults.Problems;

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
    internal static async Task<Ok<MyTierResponse>> GetMyTierAsync(HttpContext context, IRateLimiter limiter)
    {
        var consumer = context.Features.GetRequiredFeature<Consumer>();
        var usage = await limiter.PeekAsync(consumer.Account.Id, consumer.Tier.Limits, context.RequestAborted);
        return TypedResults.Ok(new MyTierResponse("success", CurrentTier.From(consumer.Tier), UsageSummary.From(usage)));
    }

    /// <summary>
    /// Moves the caller's account to <paramref name="tier"/> (up or down) through the billing provider, under
    /// the same rules as the admin API; the new tier applies from the very next request. Managing the account:
    /// only a key without scopes or with scope <c>account</c> may (403 otherwise); a priced tier needs a payment
    /// provider (402 with how to upgrade when there is none).
    /// </summary>
    internal static async Task<Results<Ok<TierChangeResponse>, Accepted<Billing.CheckoutStarted>, ProblemHttpResult>> ChangeTierAsync(
        HttpContext context, string? tier, TierChangeService tierChanges, TierCatalog catalog, KeyRecordCache cache, IAuditLog audit)
    {
        var consumer = context.Features.GetRequiredFeature<Consumer>();
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

        var result = await tierChanges.ChangeTierAsync(consumer.Account.Id, tier.Trim(), TierChangeOrigin.Consumer, context.RequestAborted);
        switch (result)
        {
            case TierChangeResult.Changed changed:
                // This instance must not wait for its own pub/sub echo: the very next request sees the new tier.
                cache.Invalidate(CacheInvalidation.ForAccount(consumer.Account.Id));
                // Recorded even if the caller hangs up now: the change has been made.
                await audit.AppendAsync(new AuditEvent(consumer.Key.KeyId, AuditActions.TierChanged, consumer.Account.Id, consumer.Key.KeyId,
                    new Dictionary<string, string>
                    {
                        ["from"] = changed.From.Name,
                        ["to"] = changed.To.Name,
                        ["billing_reference"] = changed.BillingReference ?? "",
                        ["via"] = "consumer",
                    }), CancellationToken.None);
                return TypedResults.Ok(new TierChangeResponse("success",
                    $"Subscription changed from {changed.From.DisplayName} to {changed.To.DisplayName}.",
                    changed.From.Name, CurrentTier.From(changed.To), changed.BillingReference));
            case TierChangeResult.Unchanged unchanged:
                return TypedResults.Ok(new TierChangeResponse("success",
                    $"Already on {unchanged.Tier.DisplayName}.", unchanged.Tier.Name, CurrentTier.From(unchanged.Tier), null));
            case TierChangeResult.UnknownTier unknown:
                return ProblemCatalog.UnknownTier.Result(
                    $"There is no tier '{unknown.Name}'. Tiers: {string.Join(", ", catalog.Ordered.Select(t => t.Name))}.",
                    new Dictionary<string, object?> { ["parameter"] = "tier" });
            case TierChangeResult.TooManyKeys tooMany:
                return ProblemCatalog.TooManyKeysForTier.Result(
                    $"{tooMany.To.DisplayName} allows {tooMany.Allowed} active keys and the account has {tooMany.Active}; revoke {tooMany.ToRevoke.Count} first.",
                    // The same fields as the admin API's and the dashboard's refusal.
                    new Dictionary<string, object?>
                    {
                        ["tier"] = tooMany.To.Name,
                        ["active_keys"] = tooMany.Active,
                        ["allowed_keys"] = tooMany.Allowed,
                        ["revoke_count"] = tooMany.ToRevoke.Count,
                        ["keys_to_revoke"] = tooMany.ToRevoke.Select(k => new { k.KeyId, k.Name, k.Prefix }).ToList(),
                    });
            case TierChangeResult.CheckoutRequired checkout:
                // Nothing changes until Stripe reports the payment (its webhook); the caller pays at the checkout page.
                return TypedResults.Accepted((string?)null,
                    new Billing.CheckoutStarted("pending", checkout.CheckoutUrl, checkout.From.Name, checkout.To.Name));
            case TierChangeResult.PaymentDeclined declined:
                return ProblemCatalog.PaymentDeclined.Result(declined.Reason);
            case TierChangeResult.PaymentRequired required:
                return ProblemCatalog.PaymentRequired.Result(required.HowToUpgrade,
                    new Dictionary<string, object?> { ["current_tier"] = required.From.Name, ["requested_tier"] = required.To.Name });
            default:
                return ProblemCatalog.ConcurrentChange.Result("The subscription changed while this request was handled; read it again and retry.");
        }
    }

    /// <summary>Requests per UTC day and per key over the last <c>days</c> days (1–90, default 30), oldest first.</summary>
    internal static async Task<Results<Ok<UsageHistoryResponse>, ProblemHttpResult>> GetUsageHistoryAsync(
        HttpContext context, string? days, UsageHistoryReader history)
    {
        var consumer = context.Features.GetRequiredFeature<Consumer>();
        var count = 30;
        if (days is not null
            && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > UsageHistoryReader.MaxDays))
        {
            return ProblemCatalog.InvalidParameter.Result(
                $"days must be a whole number from 1 to {UsageHistoryReader.MaxDays}.", new Dictionary<string, object?> { ["parameter"] = "days" });
        }
        var result = await history.ReadAsync(consumer.Account.Id, count, context.RequestAborted);
        return TypedResults.Ok(UsageHistoryResponse.From(count, result));
    }
}
