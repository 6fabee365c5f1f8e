using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing.Stripe;

/// <summary>
/// Turns Stripe's events into account changes (<see cref="AccountBillingWriter"/>, once per event id):
/// <list type="bullet">
/// <item><c>checkout.session.completed</c>: the tier of the session's metadata; keeps the customer, the subscription and its billing cycle anchor.</item>
/// <item><c>customer.subscription.updated</c>: the tier whose price one of the subscription's items now has, whatever their order and beside
/// the overage item (active, trialing or past due); an active one ends a grace period.</item>
/// <item><c>customer.subscription.deleted</c>: the free tier.</item>
/// <item><c>invoice.payment_failed</c>: a grace period of <see cref="BillingOptions.GraceDays"/>, then the free tier (<see cref="GracePeriodService"/>);
/// <c>invoice.paid</c> ends it.</item>
/// </list>
/// Everything else is acknowledged and ignored. Stripe delivers out of order: an event older than one already applied never moves the tier back.
/// </summary>
internal sealed partial class StripeWebhookHandler(
    StripeSignature signature,
    StripeClient client,
    AccountBillingWriter writer,
    StripePrices prices,
    TierCatalog catalog,
    IAuditLog audit,
    IOptions<BillingOptions> options,
    TimeProvider timeProvider,
    ILogger<StripeWebhookHandler> logger) : IStripeWebhook
{
    /// <summary>The audit log's actor for changes Stripe's events make.</summary>
    public const string AuditActor = "stripe";

    private const string AccountIdKey = "account_id";
    private const string TierKey = "tier";

    public async Task<StripeWebhookResult> HandleAsync(string payload, string? signatureHeader, CancellationToken cancellationToken)
    {
        if (signature.Verify(payload, signatureHeader) is not { } stripeEvent)
        {
            return new StripeWebhookResult(StripeWebhookOutcome.InvalidSignature);
        }
        var target = await TargetOfAsync(stripeEvent, cancellationToken).ConfigureAwait(false);
        if (target is not var (accountId, change))
        {
            Log.Ignored(logger, stripeEvent.Id, stripeEvent.Type);
            return new StripeWebhookResult(StripeWebhookOutcome.Ignored, stripeEvent.Id, stripeEvent.Type);
        }

        var result = await writer.ApplyAsync(accountId, change, cancellationToken).ConfigureAwait(false);
        Log.Handled(logger, stripeEvent.Id, stripeEvent.Type, accountId, result.Status, result.KeysDisabled, result.KeysEnabled);
        if (result.TierChanged && change.Tier is { } tier)
        {
            // Recorded even if Stripe hangs up now: the change has been made.
            await audit.AppendAsync(new AuditEvent(AuditActor, AuditActions.TierChanged, accountId, null, new Dictionary<string, string>
            {
                ["to"] = tier,
                ["via"] = "stripe",
                ["stripe_event"] = stripeEvent.Id,
                ["stripe_event_type"] = stripeEvent.Type,
            }), CancellationToken.None).ConfigureAwait(false);
        }
        var outcome = result.Status switch
        {
            BillingWriteStatus.Applied or BillingWriteStatus.Stale => StripeWebhookOutcome.Applied,
            BillingWriteStatus.Duplicate => StripeWebhookOutcome.AlreadyApplied,
            _ => StripeWebhookOutcome.Ignored,
        };
        return new StripeWebhookResult(outcome, stripeEvent.Id, stripeEvent.Type);
    }

    /// <summary>The account an event is about and what it changes there; null for events Tollgate does not act on.</summary>
    private async Task<(string AccountId, BillingChange Change)?> TargetOfAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        var created = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc));
        var basis = new BillingChange { EventId = stripeEvent.Id, EventCreated = created };
        switch (stripeEvent.Type, stripeEvent.Data?.Object)
        {
            case (EventTypes.CheckoutSessionCompleted, Session session) when session.Mode == "subscription":
            {
                var accountId = Metadata(session.Metadata, AccountIdKey) ?? session.ClientReferenceId;
                if (accountId is null || !catalog.TryGet(Metadata(session.Metadata, TierKey) ?? "", out var tier))
                {
                    return null;
                }
                // The session names the subscription only; its billing cycle anchor is read from Stripe (a failure here
                // answers 5xx, and Stripe delivers the event again).
                DateTimeOffset? anchor = null;
                if (session.SubscriptionId is { } subscriptionId)
                {
                    try
                    {
                        var subscription = await new SubscriptionService(client).GetAsync(subscriptionId, cancellationToken: cancellationToken)
                            .ConfigureAwait(false);
                        anchor = Utc(subscription.BillingCycleAnchor);
                    }
                    catch (Exception e) when (e is StripeException or HttpRequestException)
                    {
                        throw new BillingUnavailableException($"Stripe did not answer for subscription {subscriptionId}; the event was not applied.", e);
                    }
                }
                return (accountId, basis with
                {
                    Tier = tier.Name,
                    CustomerId = session.CustomerId,
                    SubscriptionId = session.SubscriptionId,
                    CycleAnchor = anchor,
                    ClearGrace = true,
                });
            }
            case (EventTypes.CustomerSubscriptionUpdated, Subscription subscription):
            {
                if (await AccountOfAsync(subscription.Metadata, subscription.CustomerId, cancellationToken).ConfigureAwait(false) is not { } accountId)
                {
                    return null;
                }
                var paying = subscription.Status is "active" or "trialing";
                // Past due keeps the tier while the grace period runs; incomplete, unpaid, paused or cancelled never grant one.
                var tier = paying || subscription.Status == "past_due" ? TierOfPrice(subscription) : null;
                return (accountId, basis with
                {
                    Tier = tier,
                    CustomerId = subscription.CustomerId,
                    SubscriptionId = subscription.Id,
                    CycleAnchor = Utc(subscription.BillingCycleAnchor),
                    ClearGrace = paying,
                    ForSubscription = subscription.Id,
                });
            }
            case (EventTypes.CustomerSubscriptionDeleted, Subscription subscription):
            {
                if (await AccountOfAsync(subscription.Metadata, subscription.CustomerId, cancellationToken).ConfigureAwait(false) is not { } accountId)
                {
                    return null;
                }
                return (accountId, basis with { Tier = FreeTier().Name, ClearSubscription = true, ClearGrace = true, ForSubscription = subscription.Id });
            }
            case (EventTypes.InvoicePaymentFailed or EventTypes.InvoicePaid, Invoice invoice):
            {
                var details = invoice.Parent?.SubscriptionDetails;
                if (details?.SubscriptionId is not { } subscriptionId
                    || await AccountOfAsync(details.Metadata, invoice.CustomerId, cancellationToken).ConfigureAwait(false) is not { } accountId)
                {
                    return null;
                }
                return stripeEvent.Type == EventTypes.InvoicePaid
                    ? (accountId, basis with { ClearGrace = true, ForSubscription = subscriptionId })
                    : (accountId, basis with
                    {
                        StartGraceUntil = timeProvider.GetUtcNow().AddDays(options.Value.GraceDays),
                        ForSubscription = subscriptionId,
                    });
            }
            default:
                return null;
        }
    }

    private async Task<string?> AccountOfAsync(Dictionary<string, string>? metadata, string? customerId, CancellationToken cancellationToken) =>
        Metadata(metadata, AccountIdKey)
        ?? (customerId is null ? null : await writer.FindByStripeCustomerAsync(customerId, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The tier sold at the price of one of the subscription's items (<see cref="StripeBillingOptions.Prices"/>; the overage item and
    /// prices of no tier do not count); null, with a warning, when the items carry no tier's price or several tiers' prices.
    /// </summary>
    private string? TierOfPrice(Subscription subscription)
    {
        var tiers = prices.TiersOf(subscription);
        if (tiers.Count == 1 && catalog.TryGet(tiers[0], out var tier))
        {
            return tier.Name;
        }
        // Changed by hand at Stripe, or a price not (or no longer) configured: the tier stays as it is.
        Log.NoTierPrice(logger, subscription.Id,
            string.Join(", ", (subscription.Items?.Data ?? []).Select(i => i.Price?.Id ?? "?")), tiers.Count);
        return null;
    }

    /// <summary>Where a lapsed subscription lands: the first tier of the catalogue that costs nothing.</summary>
    private Tier FreeTier() => catalog.Ordered.FirstOrDefault(t => t.PriceMonthly <= 0) ?? catalog.Ordered[0];

    private static string? Metadata(Dictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static DateTimeOffset? Utc(DateTime value) =>
        value == default ? null : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Stripe event {EventId} ({EventType}) ignored.")]
        public static partial void Ignored(ILogger logger, string eventId, string eventType);

        [LoggerMessage(2, LogLevel.Information,
            "Stripe event {EventId} ({EventType}) for account {AccountId}: {Status}; {Disabled} keys disabled, {Enabled} enabled.")]
        public static partial void Handled(ILogger logger, string eventId, string eventType, string accountId, BillingWriteStatus status, int disabled, int enabled);

        [LoggerMessage(3, LogLevel.Warning,
            "Stripe subscription {SubscriptionId} carries the prices [{Prices}], which name {TierCount} tiers of Billing:Stripe:Prices instead of one; its tier is left as it is.")]
        public static partial void NoTierPrice(ILogger logger, string subscriptionId, string prices, int tierCount);
    }
}
