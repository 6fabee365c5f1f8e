using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Tiers;
using Tollgate.SelfService.Audit;
using Tollgate.SelfService.Contracts;
using Tollgate.SelfService.Problems;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.SelfService.Tiers;

/// <summary>
/// A tier change as every side makes it (admin API, dashboard, subscription API): through <see cref="TierChangeService"/>,
/// recorded by <see cref="ChangeAudit"/>, and answered by the one mapping of <see cref="TierChangeResult"/> to HTTP, so
/// an outcome has the same status, type and fields wherever the change was asked for.
/// </summary>
public sealed class TierChanges(TierChangeService tierChanges, TierCatalog catalog, ChangeAudit audit)
{
    /// <summary>
    /// Moves <paramref name="accountId"/> to <paramref name="tier"/>. <paramref name="accountNotFound"/> answers a
    /// missing account the side's way.
    /// </summary>
    public async Task<Results<Ok<TierChangeResponse>, Accepted<CheckoutStarted>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string accountId,
        string tier,
        TierChangeOrigin origin,
        AuditActor actor,
        Func<ProblemHttpResult> accountNotFound,
        CancellationToken cancellationToken)
    {
        var result = await tierChanges.ChangeTierAsync(accountId, tier.Trim(), origin, cancellationToken);
        switch (result)
        {
            case TierChangeResult.Changed changed:
                await audit.RecordAsync(actor, AuditActions.TierChanged, accountId, details: new Dictionary<string, string>
                {
                    ["from"] = changed.From.Name,
                    ["to"] = changed.To.Name,
                    ["billing_reference"] = changed.BillingReference ?? "",
                });
                return TypedResults.Ok(new TierChangeResponse("success", accountId, changed.From.Name, changed.To.Name,
                    CurrentTier.From(changed.To), Changed: true,
                    $"Moved from {changed.From.DisplayName} to {changed.To.DisplayName}; it applies from the next request.",
                    changed.BillingReference));
            case TierChangeResult.Unchanged unchanged:
                return TypedResults.Ok(new TierChangeResponse("success", accountId, unchanged.Tier.Name, unchanged.Tier.Name,
                    CurrentTier.From(unchanged.Tier), Changed: false, $"Already on {unchanged.Tier.DisplayName}.", null));
            case TierChangeResult.UnknownTier unknown:
                return FieldErrors.Single("tier", UnknownTierMessage(unknown.Name, catalog), ProblemCatalog.UnknownTier);
            case TierChangeResult.TooManyKeys tooMany:
                return ProblemCatalog.TooManyKeysForTier.Result(
                    (tooMany.Allowed == tooMany.To.MaxKeys
                        ? $"The {tooMany.To.Name} tier ({tooMany.To.DisplayName}) allows {tooMany.Allowed} active keys"
                        : $"On the {tooMany.To.Name} tier ({tooMany.To.DisplayName}) the account's own limits allow {tooMany.Allowed} active keys") +
                    $" and the account has {tooMany.Active}. " +
                    $"Revoke {tooMany.ToRevoke.Count} first, for instance: {string.Join(", ", tooMany.ToRevoke.Select(k => $"{k.Name} ({k.Prefix}…)"))}; then retry.",
                    TooManyKeysProblem.Extensions(tooMany));
            case TierChangeResult.CheckoutRequired checkout:
                // Nothing changes until the provider reports the payment (Stripe's webhook); the consumer pays on its page.
                return TypedResults.Accepted((string?)null,
                    new CheckoutStarted("pending", checkout.CheckoutUrl, checkout.From.Name, checkout.To.Name));
            case TierChangeResult.PaymentDeclined declined:
                return ProblemCatalog.PaymentDeclined.Result(declined.Reason);
            case TierChangeResult.PaymentRequired required:
                return ProblemCatalog.PaymentRequired.Result(required.HowToUpgrade,
                    new Dictionary<string, object?> { ["current_tier"] = required.From.Name, ["requested_tier"] = required.To.Name });
            case TierChangeResult.ConcurrentChange:
                return ProblemCatalog.ConcurrentChange.Result("The account changed while the tier change was under way; read it again and retry.");
            default:
                return accountNotFound();
        }
    }

    /// <summary>Names the tiers there are, for a request that named none of them.</summary>
    public static string UnknownTierMessage(string name, TierCatalog catalog) =>
        $"There is no tier '{Echo.Of(name)}'; known tiers: {string.Join(", ", catalog.Ordered.Select(t => t.Name))}.";
}
