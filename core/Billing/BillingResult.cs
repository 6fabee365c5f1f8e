namespace Tollgate.Core.Billing;

/// <summary>The billing provider's answer to a tier change.</summary>
/// <param name="Approved">True when the change may go ahead.</param>
/// <param name="Reference">The provider's reference for the charge, for the audit log; null when declined.</param>
/// <param name="DeclineReason">Why it was declined, in words fit for the caller; null when approved.</param>
/// <param name="PaymentUnavailable">
/// True when the provider takes no payments at all (<see cref="BillingProviderKind.None"/>) and the change would cost
/// more: a consumer must upgrade another way, an admin's change (arranged outside Tollgate) goes ahead.
/// </param>
/// <param name="CheckoutNeeded">
/// True when the change must be paid first through the provider's checkout (<see cref="IBillingCheckout"/>): a consumer is
/// sent there and the tier changes once the provider confirms the payment; an admin's change (arranged outside Tollgate) goes ahead.
/// </param>
public sealed record BillingResult(bool Approved, string? Reference, string? DeclineReason, bool PaymentUnavailable = false, bool CheckoutNeeded = false)
{
    /// <summary>An approval under <paramref name="reference"/>.</summary>
    public static BillingResult Approve(string reference) => new(true, reference, null);

    /// <summary>A refusal for <paramref name="reason"/>.</summary>
    public static BillingResult Decline(string reason) => new(false, null, reason);

    /// <summary>No payment can be taken for a change that would need one.</summary>
    public static BillingResult Unavailable() => new(false, null, null, PaymentUnavailable: true);

    /// <summary>The change must be paid through the provider's checkout before the tier moves.</summary>
    public static BillingResult Checkout() => new(false, null, null, CheckoutNeeded: true);
}
