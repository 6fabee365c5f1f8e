namespace Tollgate.Core.Billing;

/// <summary>The billing provider's answer to a tier change.</summary>
/// <param name="Approved">True when the change may go ahead.</param>
/// <param name="Reference">The provider's reference for the charge, for the audit log; null when declined.</param>
/// <param name="DeclineReason">Why it was declined, in words fit for the caller; null when approved.</param>
public sealed record BillingResult(bool Approved, string? Reference, string? DeclineReason)
{
    /// <summary>An approval under <paramref name="reference"/>.</summary>
    public static BillingResult Approve(string reference) => new(true, reference, null);

    /// <summary>A refusal for <paramref name="reason"/>.</summary>
    public static BillingResult Decline(string reason) => new(false, null, reason);
}
