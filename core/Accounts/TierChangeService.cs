using Microsoft.Extensions.Options;
using Tollgate.Core.Billing;
using Tollgate.Core.Events;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Accounts;

/// <summary>
/// Moves an account between tiers, for the admin API and the consumer's upgrade endpoint alike:
/// checks the tier exists, refuses a downgrade that would leave more active keys than the new tier allows (or the
/// account's own key limit, <see cref="LimitOverride.MaxKeys"/>, while it applies), naming the keys to revoke; has
/// the billing provider settle the change, then writes it. When the provider
/// takes no payments (<see cref="BillingProviderKind.None"/>), a consumer's move to a tier that costs more is
/// refused with how to upgrade instead; an admin's goes ahead (arranged outside Tollgate). When the provider takes
/// payments on its own page (<see cref="IBillingCheckout"/>), a consumer's priced move opens a checkout there and the tier
/// waits for the provider's confirmation. Gateways apply a change from their next request (the store announces it).
/// </summary>
/// <remarks>
/// The key count and the tier write are one atomic step in Redis that also checks the account is still on
/// the tier this decision started from, and key issue checks the tier the same way, so neither a concurrent
/// key nor a concurrent tier change can slip through. What remains: billing happens before that step, so a
/// change that then loses a race (answered <see cref="TierChangeResult.ConcurrentChange"/> or
/// <see cref="TierChangeResult.TooManyKeys"/>) has been charged without being applied. The default provider
/// charges nothing; a real one must make its charge reversible or reconcile it from the audit log.
/// </remarks>
public sealed class TierChangeService(
    IAccountStore accounts,
    IApiKeyStore keys,
    TierCatalog catalog,
    AccountTiers accountTiers,
    IBillingProvider billing,
    IOptions<BillingOptions> billingOptions,
    AccountEventOutbox events,
    TimeProvider timeProvider)
{
    /// <summary>Moves <paramref name="accountId"/> to the tier named <paramref name="tierName"/> (any case), as asked by <paramref name="origin"/>.</summary>
    /// <exception cref="BillingUnavailableException">The payment provider could not be reached; nothing was charged or written.</exception>
    public async Task<TierChangeResult> ChangeTierAsync(string accountId, string tierName, TierChangeOrigin origin, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(tierName, out var to))
        {
            return new TierChangeResult.UnknownTier(tierName);
        }
        var account = await accounts.GetAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return new TierChangeResult.AccountNotFound();
        }
        var from = catalog.TryGet(account.Tier, out var current) ? current : Retired(account.Tier);
        if (from.Name == to.Name)
        {
            return new TierChangeResult.Unchanged(to);
        }

        // The account's own key limit, while it applies, goes with it to the new tier (AccountTiers merges it there too).
        var maxKeys = accountTiers.ActiveOverride(account)?.MaxKeys ?? to.MaxKeys;

        // Checked before billing so a refused downgrade costs nothing; checked again atomically when writing.
        if (await TooManyKeysAsync(accountId, to, maxKeys, cancellationToken).ConfigureAwait(false) is { } tooMany)
        {
            return tooMany;
        }

        var bill = await billing.ChargeForTierChangeAsync(account, from, to, cancellationToken).ConfigureAwait(false);
        if (bill.PaymentUnavailable && origin != TierChangeOrigin.Admin)
        {
            return new TierChangeResult.PaymentRequired(from, to, HowToUpgrade(to));
        }
        if (bill.CheckoutNeeded && origin != TierChangeOrigin.Admin)
        {
            // A provider that asks for its checkout offers one; the tier waits for the provider's word that it was paid. A provider
            // that cannot be reached throws BillingUnavailableException, which every service answers with 503 and Retry-After.
            var url = await ((IBillingCheckout)billing).CreateCheckoutAsync(account, to, cancellationToken).ConfigureAwait(false);
            return new TierChangeResult.CheckoutRequired(from, to, url);
        }
        if (!bill.Approved && !bill.PaymentUnavailable && !bill.CheckoutNeeded)
        {
            return new TierChangeResult.PaymentDeclined(bill.DeclineReason ?? "The payment was declined.");
        }

        var outcome = await accounts.ChangeTierWithinKeyLimitAsync(accountId, account.Tier, to.Name, maxKeys, cancellationToken)
            .ConfigureAwait(false);
        if (outcome == TierWriteOutcome.Changed)
        {
            // The change is made by now: its event goes out even if the caller has hung up.
            await events.AppendAsync(accountId, AccountEventTypes.TierChanged,
                new { From = from.Name, To = to.Name, Via = origin == TierChangeOrigin.Admin ? "admin" : "consumer" }, CancellationToken.None)
                .ConfigureAwait(false);
        }
        return outcome switch
        {
            TierWriteOutcome.Changed => new TierChangeResult.Changed(from, to, bill.Reference),
            TierWriteOutcome.AccountNotFound => new TierChangeResult.AccountNotFound(),
            TierWriteOutcome.TooManyKeys => (TierChangeResult?)await TooManyKeysAsync(accountId, to, maxKeys, cancellationToken).ConfigureAwait(false)
                ?? new TierChangeResult.ConcurrentChange(),
            _ => new TierChangeResult.ConcurrentChange(),
        };
    }

    private async Task<TierChangeResult.TooManyKeys?> TooManyKeysAsync(string accountId, Tier to, int maxKeys, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var active = (await keys.ListAsync(accountId, cancellationToken).ConfigureAwait(false))
            .Where(k => k.IsActiveAt(now))
            .ToList();
        if (active.Count <= maxKeys)
        {
            return null;
        }
        // Any keys will do; the oldest are suggested (the list comes oldest first).
        return new TierChangeResult.TooManyKeys(to, active[..(active.Count - maxKeys)], maxKeys, active.Count);
    }

    private string HowToUpgrade(Tier to)
    {
        var contact = billingOptions.Value.UpgradeContact;
        var ask = string.IsNullOrWhiteSpace(contact)
            ? "ask the operator of this service (an admin can change your tier)"
            : $"contact {contact.Trim()} (an admin can change your tier)";
        return $"{to.DisplayName} costs {to.PriceMonthly.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} USD a month and this service takes no payments online: to upgrade, {ask}.";
    }

    /// <summary>Stands in for a tier that has left the catalogue: billed as free, so moving off it is always possible.</summary>
    private static Tier Retired(string name) => new(name, name, 0m, new TierLimits(0, 0, 0), MaxKeys: 0, Features: [], Rank: -1);
}
