using System.Diagnostics.CodeAnalysis;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Accounts;

/// <summary>
/// The limits that apply to an account: its tier from the catalogue, merged with the account's <see cref="LimitOverride"/>
/// while that applies. Every side (gateway limiter and feature checks, key issue, my-tier, usage, dashboard) asks here,
/// so an override means the same everywhere; its expiry is judged at each call, so it ends on time without a job.
/// A tier whose month follows the billing period gets the account's period anchor here too (Stripe's billing cycle
/// anchor, else the account's creation), so every side counts and shows the same period.
/// </summary>
public sealed class AccountTiers(TierCatalog catalog, TimeProvider timeProvider)
{
    /// <summary>The account's effective tier; false when its tier is not in the catalogue any more.</summary>
    public bool TryGet(AccountRecord account, [NotNullWhen(true)] out Tier? tier)
    {
        if (!catalog.TryGet(account.Tier, out var listed))
        {
            tier = null;
            return false;
        }
        tier = ActiveOverride(account) is { } custom ? custom.ApplyTo(listed) : listed;
        if (tier.Limits.FollowsBillingPeriod)
        {
            tier = tier with { Limits = tier.Limits with { PeriodAnchor = PeriodAnchorOf(account) } };
        }
        return true;
    }

    /// <summary>Where the account's billing periods start from: Stripe's billing cycle anchor, else the account's creation.</summary>
    public static DateTimeOffset PeriodAnchorOf(AccountRecord account) => account.Billing.CycleAnchor ?? account.CreatedAt;

    /// <summary>The account's override while it applies; null when it has none or it has expired.</summary>
    public LimitOverride? ActiveOverride(AccountRecord account) =>
        account.LimitOverride is { } custom && custom.AppliesAt(timeProvider.GetUtcNow()) ? custom : null;
}
