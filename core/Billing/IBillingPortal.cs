using Tollgate.Core.Accounts;

namespace Tollgate.Core.Billing;

/// <summary>The payment provider's own page where a paying consumer manages cards, invoices and the subscription ("Manage billing").</summary>
public interface IBillingPortal
{
    /// <summary>True when <paramref name="account"/> has a customer at the provider, so a portal can be opened for it.</summary>
    bool Offers(AccountRecord account);

    /// <summary>Opens a portal session for <paramref name="account"/>; null when it has no customer at the provider.</summary>
    /// <exception cref="BillingUnavailableException">The provider could not be reached.</exception>
    Task<Uri?> CreatePortalSessionAsync(AccountRecord account, CancellationToken cancellationToken);
}
