using Tollgate.Core.Accounts;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing;

/// <summary>
/// Charges (or credits) an account for moving between tiers. <see cref="TierChangeService"/> asks it before
/// it writes the new tier; a declined charge leaves the tier unchanged.
/// </summary>
public interface IBillingProvider
{
    /// <summary>Settles the move of <paramref name="account"/> from <paramref name="currentTier"/> to <paramref name="newTier"/>.</summary>
    /// <exception cref="BillingUnavailableException">The provider could not be reached: nothing was charged, the caller may retry.</exception>
    Task<BillingResult> ChargeForTierChangeAsync(AccountRecord account, Tier currentTier, Tier newTier, CancellationToken cancellationToken);
}
