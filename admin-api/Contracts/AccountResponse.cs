using Tollgate.Core.Accounts;

namespace Tollgate.AdminApi.Contracts;

/// <summary>An account.</summary>
/// <param name="Id">Stable id, e.g. <c>acc_7k2m…</c>.</param>
/// <param name="Email">Contact address, lowercase.</param>
/// <param name="Tier">Subscription tier.</param>
/// <param name="CreatedAt">When it was created.</param>
internal sealed record AccountResponse(string Id, string Email, string Tier, DateTimeOffset CreatedAt)
{
    public static AccountResponse From(AccountRecord account) => new(account.Id, account.Email, account.Tier, account.CreatedAt);
}
