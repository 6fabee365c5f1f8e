namespace Tollgate.Core.Billing.Stripe;

/// <summary>Takes one delivery of Stripe's webhook: checks its signature, then applies the event to its account once.</summary>
public interface IStripeWebhook
{
    /// <summary>
    /// Verifies <paramref name="signatureHeader"/> (<c>Stripe-Signature</c>) over <paramref name="payload"/> with the webhook secret and a
    /// five-minute tolerance, then applies the event. Returns only once the change is written to Redis.
    /// </summary>
    /// <exception cref="BillingUnavailableException">Stripe had to be asked and did not answer: nothing was applied; the delivery should be retried.</exception>
    Task<StripeWebhookResult> HandleAsync(string payload, string? signatureHeader, CancellationToken cancellationToken);
}
