namespace Tollgate.Core.Billing.Stripe;

/// <summary>What became of one webhook delivery, and of which event.</summary>
/// <param name="Outcome">Applied, already applied, ignored or refused.</param>
/// <param name="EventId">Stripe's event id (<c>evt_…</c>); null when the signature was refused.</param>
/// <param name="EventType">The event's type, e.g. <c>checkout.session.completed</c>; null when the signature was refused.</param>
public sealed record StripeWebhookResult(StripeWebhookOutcome Outcome, string? EventId = null, string? EventType = null);
