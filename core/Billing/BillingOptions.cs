namespace Tollgate.Core.Billing;

/// <summary>The <c>Billing</c> section: who settles tier changes, and what a consumer is told when nobody does.</summary>
public sealed class BillingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Billing";

    /// <summary>
    /// The provider; when not set, <see cref="BillingProviderKind.Simulated"/> in the Development environment and
    /// <see cref="BillingProviderKind.None"/> everywhere else, so a forgotten setting never gives paid tiers away.
    /// </summary>
    public BillingProviderKind? Provider { get; set; }

    /// <summary>
    /// With <see cref="BillingProviderKind.None"/>: where a consumer asks for a paid tier, e.g. an address or a URL,
    /// shown in the 402 answer. Optional; without it the answer says to ask the operator.
    /// </summary>
    public string? UpgradeContact { get; set; }

    /// <summary>
    /// With <see cref="BillingProviderKind.Stripe"/>: days an account keeps its tier after a failed payment before it falls back to the free
    /// tier (a later successful payment ends the grace period). Default 7.
    /// </summary>
    public int GraceDays { get; set; } = 7;

    /// <summary>
    /// With <see cref="BillingProviderKind.Stripe"/>: seconds between two reports of accounts' overage units to Stripe (meter events).
    /// Default 60: overage reaches Stripe at most about this late; Stripe bills it at the end of the period.
    /// </summary>
    public int MeteringIntervalSeconds { get; set; } = 60;

    /// <summary>The <c>Billing:Stripe</c> settings, required when <see cref="Provider"/> is <see cref="BillingProviderKind.Stripe"/>.</summary>
    public StripeBillingOptions Stripe { get; set; } = new();
}
