using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;
using Tollgate.Core.Accounts;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing.Stripe;

/// <summary>
/// <see cref="BillingProviderKind.Stripe"/>. Without a subscription, a move to a tier that costs more needs Stripe Checkout
/// (<see cref="BillingResult.Checkout"/>, then <see cref="CreateCheckoutAsync"/>); the tier follows Stripe's webhook events.
/// With a subscription, the change is made on it first: its tier price is replaced and its overage item made to match the new tier
/// (Stripe prorates; an upgrade is invoiced at once and applied only if that payment succeeds), or it is cancelled for a free tier;
/// then the tier is written.
/// </summary>
internal sealed partial class StripeBillingProvider(
    StripeClient client, StripePrices prices, IOptions<BillingOptions> options, ILogger<StripeBillingProvider> logger)
    : IBillingProvider, IBillingCheckout, IBillingPortal
{
    /// <summary>The reference of a change that charged nothing (no subscription, nothing dearer).</summary>
    public const string NoCharge = "no-charge";

    private StripeBillingOptions Stripe => options.Value.Stripe;

    /// <inheritdoc/>
    public async Task<BillingResult> ChargeForTierChangeAsync(AccountRecord account, Tier currentTier, Tier newTier, CancellationToken cancellationToken)
    {
        if (account.Billing.StripeSubscriptionId is not { } subscriptionId)
        {
            return NoPaymentBillingProvider.NeedsPayment(currentTier, newTier) ? BillingResult.Checkout() : BillingResult.Approve(NoCharge);
        }

        var subscriptions = new SubscriptionService(client);
        try
        {
            if (prices.PriceOf(newTier.Name) is not { } price)
            {
                // A free tier: the subscription ends now, as the consumer asked and sees at once, and the unused rest of the period is
                // credited to the customer (prorate) like any move down; customer.subscription.deleted then finds the account there already.
                await subscriptions.CancelAsync(subscriptionId, new SubscriptionCancelOptions { Prorate = true }, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                return BillingResult.Approve(subscriptionId);
            }
            var current = await subscriptions.GetAsync(subscriptionId, cancellationToken: cancellationToken).ConfigureAwait(false);
            var (tierItem, overageItem) = prices.Split(current);
            if (tierItem is null)
            {
                return BillingResult.Decline("The subscription at Stripe has no plan on it; nothing was changed. Open Manage billing to check it.");
            }
            var upgrade = newTier.PriceMonthly > currentTier.PriceMonthly;
            var (items, removeAfterPayment) = ItemChanges(tierItem, price, overageItem, prices.OveragePriceOf(newTier.Name), upgrade);
            var updated = await subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
            {
                Items = items,
                // Down: Stripe credits the rest of the period on the next invoice. Up: the difference is invoiced now and the
                // new price applies only once that invoice is paid, so money moves before the tier does.
                ProrationBehavior = upgrade ? "always_invoice" : "create_prorations",
                PaymentBehavior = upgrade ? "pending_if_incomplete" : null,
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (updated.PendingUpdate is not null)
            {
                return BillingResult.Decline($"The payment for {newTier.DisplayName} did not go through; the plan is unchanged. Update the card on file and try again.");
            }
            if (removeAfterPayment is not null)
            {
                await RemoveOverageItemAsync(account, subscriptionId, removeAfterPayment, cancellationToken).ConfigureAwait(false);
            }
            return BillingResult.Approve(subscriptionId);
        }
        catch (Exception e) when (IsOutage(e, cancellationToken))
        {
            // Stripe is away, not refusing: the caller is told to come back (503), not that a payment failed (402).
            Log.StripeUnreachable(logger, e);
            throw new BillingUnavailableException("Stripe could not be reached; nothing was charged or changed. Try again in a little while.", e);
        }
        catch (StripeException e)
        {
            Log.StripeRefused(logger, account.Id, e.StripeError?.Code, e);
            return BillingResult.Decline("Stripe refused the change to the subscription; nothing was changed. Try again later.");
        }
    }

    /// <summary>
    /// The items of the update that moves a subscription to a tier sold at <paramref name="price"/> whose overage is billed at
    /// <paramref name="overagePrice"/> (null: the tier blocks): the tier's item gets the new price, and the overage item is added,
    /// repriced or deleted to match. A deletion in an upgrade is returned apart (<c>RemoveAfterPayment</c>): an upgrade is a pending
    /// update, held until it is paid, and a pending update takes only prices and quantities.
    /// </summary>
    private static (List<SubscriptionItemOptions> Items, string? RemoveAfterPayment) ItemChanges(
        SubscriptionItem tierItem, string price, SubscriptionItem? overageItem, string? overagePrice, bool upgrade)
    {
        var items = new List<SubscriptionItemOptions> { new() { Id = tierItem.Id, Price = price } };
        switch (overageItem, overagePrice)
        {
            case (null, not null):
                items.Add(new SubscriptionItemOptions { Price = overagePrice }); // metered: no quantity
                break;
            case (not null, not null) when overageItem.Price?.Id != overagePrice:
                items.Add(new SubscriptionItemOptions { Id = overageItem.Id, Price = overagePrice });
                break;
            case (not null, null) when upgrade:
                return (items, overageItem.Id);
            case (not null, null):
                items.Add(new SubscriptionItemOptions { Id = overageItem.Id, Deleted = true });
                break;
        }
        return (items, null);
    }

    /// <summary>
    /// Takes the overage item off a subscription whose tier no longer bills overage, once the move to that tier has been paid. Should
    /// Stripe fail here, the move stands (it has been paid) and the item stays: the new tier sends no meter events, so it bills nothing
    /// more, and it is logged for the operator to remove.
    /// </summary>
    private async Task RemoveOverageItemAsync(AccountRecord account, string subscriptionId, string itemId, CancellationToken cancellationToken)
    {
        try
        {
            await new SubscriptionService(client).UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
            {
                Items = [new SubscriptionItemOptions { Id = itemId, Deleted = true }],
                ProrationBehavior = "create_prorations", // Stripe's default: the overage so far goes on the next invoice
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException || IsOutage(e, cancellationToken))
        {
            Log.OverageItemLeft(logger, account.Id, subscriptionId, itemId, e);
        }
    }

    /// <summary>
    /// True when Stripe did not answer or answered that it failed (5xx, 429 after Stripe.net's own retries): nothing was decided
    /// there, so the caller may try again. A 4xx is Stripe's decision about the request.
    /// </summary>
    internal static bool IsOutage(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        StripeException stripe => (int)stripe.HttpStatusCode is >= 500 or 429 or 0,
        HttpRequestException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // Stripe.net's own timeout, not the caller leaving
        _ => false,
    };

    /// <inheritdoc/>
    public async Task<Uri> CreateCheckoutAsync(AccountRecord account, Tier tier, CancellationToken cancellationToken)
    {
        if (prices.PriceOf(tier.Name) is not { } price)
        {
            throw new InvalidOperationException($"Tier '{tier.Name}' has no Stripe price (Billing:Stripe:Prices); start-up validation should have refused this.");
        }
        var lineItems = new List<SessionLineItemOptions> { new() { Price = price, Quantity = 1 } };
        if (prices.OveragePriceOf(tier.Name) is { } overagePrice)
        {
            // Metered: Stripe refuses a quantity; the meter events say how much is billed.
            lineItems.Add(new SessionLineItemOptions { Price = overagePrice });
        }
        var metadata = new Dictionary<string, string> { ["account_id"] = account.Id, ["tier"] = tier.Name };
        var request = new SessionCreateOptions
        {
            Mode = "subscription",
            LineItems = lineItems,
            ClientReferenceId = account.Id,
            Metadata = metadata,
            // On the subscription too: its own events (updated, deleted) and its invoices then name the account.
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = new Dictionary<string, string>(metadata) },
            SuccessUrl = Stripe.SuccessUrl,
            CancelUrl = Stripe.CancelUrl,
            Customer = account.Billing.StripeCustomerId,
            CustomerEmail = account.Billing.StripeCustomerId is null ? account.Email : null,
        };
        try
        {
            var session = await new SessionService(client).CreateAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new Uri(session.Url);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or UriFormatException or ArgumentNullException
            || IsOutage(e, cancellationToken))
        {
            // Whatever went wrong, the consumer can do nothing but come back later: answered 503 with Retry-After, never 402.
            Log.CheckoutFailed(logger, account.Id, e);
            throw new BillingUnavailableException("Stripe could not open a checkout just now; nothing was charged. Try again later.", e);
        }
    }

    /// <inheritdoc/>
    public bool Offers(AccountRecord account) => account.Billing.StripeCustomerId is not null;

    /// <inheritdoc/>
    public async Task<Uri?> CreatePortalSessionAsync(AccountRecord account, CancellationToken cancellationToken)
    {
        if (account.Billing.StripeCustomerId is not { } customer)
        {
            return null;
        }
        try
        {
            var session = await new global::Stripe.BillingPortal.SessionService(client).CreateAsync(
                new global::Stripe.BillingPortal.SessionCreateOptions { Customer = customer, ReturnUrl = Stripe.PortalReturnUrl },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return new Uri(session.Url);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or UriFormatException or ArgumentNullException
            || IsOutage(e, cancellationToken))
        {
            // A missing portal configuration is a 4xx from Stripe, but nothing the consumer can fix either: come back later.
            Log.PortalFailed(logger, account.Id, e);
            throw new BillingUnavailableException("Stripe could not open the billing portal just now. Try again later.", e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4, LogLevel.Error, "Stripe could not open a billing portal session for account {AccountId}.")]
        public static partial void PortalFailed(ILogger logger, string accountId, Exception exception);

        [LoggerMessage(1, LogLevel.Warning, "Stripe refused a subscription change of account {AccountId} ({StripeCode}).")]
        public static partial void StripeRefused(ILogger logger, string accountId, string? stripeCode, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "Stripe could not be reached for a subscription change; answered 503.")]
        public static partial void StripeUnreachable(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Warning,
            "The overage item {ItemId} of subscription {SubscriptionId} (account {AccountId}) could not be removed after a paid move to a tier without overage; remove it at Stripe.")]
        public static partial void OverageItemLeft(ILogger logger, string accountId, string subscriptionId, string itemId, Exception exception);

        [LoggerMessage(3, LogLevel.Error, "Stripe could not open a checkout for account {AccountId}.")]
        public static partial void CheckoutFailed(ILogger logger, string accountId, Exception exception);
    }
}
