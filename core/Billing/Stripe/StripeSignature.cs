using Microsoft.Extensions.Options;
using Stripe;

namespace Tollgate.Core.Billing.Stripe;

/// <summary>
/// Checks <c>Stripe-Signature</c> (<c>t=…,v1=HMAC-SHA256(secret, "t.payload")</c>) with Stripe.net's own check, on the service's
/// clock (<see cref="TimeProvider"/>) so tests can move it, and parses the event.
/// </summary>
internal sealed class StripeSignature(IOptions<BillingOptions> options, TimeProvider timeProvider)
{
    /// <summary>How far a signature's timestamp may lie from now: Stripe's recommended five minutes, against replays of old deliveries.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>The event when <paramref name="header"/> signs <paramref name="payload"/> with the webhook secret within the tolerance; otherwise null.</summary>
    public Event? Verify(string payload, string? header)
    {
        var secret = options.Value.Stripe.WebhookSecret;
        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(secret))
        {
            return null;
        }
        try
        {
            // Events are read whatever API version the endpoint was created with: only fields stable across versions are used.
            return EventUtility.ConstructEvent(payload, header, secret, (long)Tolerance.TotalSeconds,
                timeProvider.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        // A body that is signed but no event (not JSON, another shape) is refused like a bad signature, never a 500.
        catch (Exception e) when (e is StripeException or FormatException or ArgumentException or InvalidOperationException
            or Newtonsoft.Json.JsonException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
