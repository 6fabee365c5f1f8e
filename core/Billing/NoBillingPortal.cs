using Tollgate.Core.Accounts;

namespace Tollgate.Core.Billing;

/// <summary>Every provider but Stripe: nobody pays online, so there is no portal to open.</summary>
internal sealed class NoBillingPortal : IBillingPortal
{
    public bool Offers(AccountRecord account) => false;

    public Task<Uri?> CreatePortalSessionAsync(AccountRecord account, CancellationToken cancellationToken) => Task.FromResult<Uri?>(null);
}
