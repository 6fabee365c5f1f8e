using Tollgate.Core.Accounts;

namespace Tollgate.AdminApi.Accounts;

/// <summary>What the payment provider keeps on an account, as the admin API shows it.</summary>
/// <param name="StripeCustomerId">Stripe's customer id (<c>cus_…</c>); null before a first checkout.</param>
/// <param name="StripeSubscriptionId">The current Stripe subscription (<c>sub_…</c>); null when there is none.</param>
/// <param name="BillingCycleAnchor">Stripe's billing cycle anchor; null without a subscription.</param>
/// <param name="PeriodAnchor">
/// The instant the account's billing periods count from: Stripe's billing cycle anchor, else the account's creation (the
/// dashboard's overage is per such period).
/// </param>
/// <param name="GraceEndsAt">After a failed payment: when the account falls back to free unless paid; null otherwise.</param>
/// <param name="DisabledKeyIds">Keys disabled because the tier allows fewer; they come back on a move up.</param>
internal sealed record AccountBillingResponse(
    string? StripeCustomerId, string? StripeSubscriptionId, DateTimeOffset? BillingCycleAnchor, DateTimeOffset PeriodAnchor, DateTimeOffset? GraceEndsAt, IReadOnlyList<string> DisabledKeyIds)
{
    public static AccountBillingResponse From(AccountRecord account) => new(
        account.Billing.StripeCustomerId, account.Billing.StripeSubscriptionId, account.Billing.CycleAnchor,
        account.Billing.CycleAnchor ?? account.CreatedAt, account.Billing.GraceEndsAt, account.DisabledKeyIds);
}
