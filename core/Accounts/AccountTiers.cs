using System.Diagnostics.CodeAnalysis;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Accounts;

/// <summary>
/// The limits that apply to an account: its tier from the catalogue, merged with the account's <see cref="LimitOverride"/>
/// while that applies. Every side (gateway limiter and feature checks, key issue, my-tier, usage, dashboard) asks here,
/// so an override means the same everywhere; its expiry is judged at each call, so it ends on time without a job.
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
        return true;
    }

    /// <summary>The account's override while it applies; null when it has none or it has expired.</summary>
    public LimitOverride? ActiveOverride(AccountRecord account) =>
        account.LimitOverride is { } custom && custom.AppliesAt(timeProvider.GetUtcNow()) ? custom : null;
}
