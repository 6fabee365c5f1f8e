using Tollgate.Core.Accounts;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing;

/// <summary>
/// <see cref="BillingProviderKind.Simulated"/>, the seed's "upgrade simulation": approves every tier change at once
/// and charges nothing. For demos and Development; never the default elsewhere.
/// </summary>
public sealed class ImmediateApprovalBillingProvider : IBillingProvider
{
    /// <summary>The reference every approval carries.</summary>
    public const string Reference = "simulated";

    /// <inheritdoc/>
    public Task<BillingResult> ChargeForTierChangeAsync(AccountRecord account, Tier currentTier, Tier newTier, CancellationToken cancellationToken) =>
        Task.FromResult(BillingResult.Approve(Reference));
}
