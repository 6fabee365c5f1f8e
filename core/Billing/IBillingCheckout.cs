using Tollgate.Core.Accounts;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing;

/// <summary>
/// A billing provider that takes payments on its own hosted page: <see cref="TierChangeService"/> sends a consumer there when the
/// provider answers <see cref="BillingResult.Checkout"/>, and the tier changes only once the provider reports the payment.
/// </summary>
public interface IBillingCheckout
{
    /// <summary>Opens a checkout for <paramref name="account"/> to subscribe to <paramref name="tier"/>; answers the page to send the consumer to.</summary>
    Task<Uri> CreateCheckoutAsync(AccountRecord account, Tier tier, CancellationToken cancellationToken);
}
