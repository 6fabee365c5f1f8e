using Tollgate.Core.Accounts;

namespace Tollgate.AdminApi.Contracts;

/// <summary>An account.</summary>
/// <param name="Id">Stable id, e.g. <c>acc_7k2m…</c>.</param>
/// <param name="Email">Contact address, lowercase.</param>
/// <param name="Tier">Subscription tier.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Billing">Stripe's customer and subscription ids, the billing cycle, a running grace period and disabled keys.</param>
internal sealed record AccountResponse(string Id, string Email, string Tier, DateTimeOffset CreatedAt, Accounts.AccountBillingResponse Billing)
{
    public static AccountResponse From(AccountRecord account) =>
        new(account.Id, account.Email, account.Tier, account.CreatedAt, Accounts.AccountBillingResponse.From(account));
}
