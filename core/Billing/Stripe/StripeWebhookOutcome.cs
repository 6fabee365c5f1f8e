namespace Tollgate.Core.Billing.Stripe;

/// <summary>What became of one webhook delivery.</summary>
public enum StripeWebhookOutcome
{
    /// <summary>The signature is missing, forged or older than the tolerance (or the body is not an event): nothing was changed.</summary>
    InvalidSignature,

    /// <summary>The event was applied to its account.</summary>
    Applied,

    /// <summary>The event had been applied before (a redelivery): nothing changed.</summary>
    AlreadyApplied,

    /// <summary>A valid event Tollgate does not act on (another type, or no account of ours): nothing changed.</summary>
    Ignored,
}
