namespace Tollgate.Gateway.Billing;

/// <summary>The answer to an accepted webhook delivery.</summary>
/// <param name="Received">Always true.</param>
/// <param name="Result"><c>applied</c>, <c>already_applied</c> (a redelivery) or <c>ignored</c> (an event Tollgate does not act on).</param>
internal sealed record WebhookReceipt(bool Received, string Result);
