using System.Collections.Concurrent;
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
/// <remarks>
/// Such a tier is one account's own, and the gateway asks for it on every request: it is kept per account
/// (<see cref="MaxPeriodTiers"/> at most), and used again while the catalogue's tier, the override that applies and
/// the anchor are the ones it was made from, so a catalogue reload, an override's change or end and a new anchor each
/// take effect at the next call. A sliding-month tier without an override is the catalogue's own object: nothing to keep.
/// </remarks>
public sealed class AccountTiers(TierCatalog catalog, TimeProvider timeProvider)
{
    /// <summary>Accounts whose billing-period tier is kept; past it the store starts again empty (each is a few hundred bytes).</summary>
    internal const int MaxPeriodTiers = 20_000;

    private readonly ConcurrentDictionary<string, PeriodTier> _periodTiers = new(StringComparer.Ordinal);

    /// <summary>The account's effective tier; false when its tier is not in the catalogue any more.</summary>
    public bool TryGet(AccountRecord account, [NotNullWhen(true)] out Tier? tier)
    {
        if (!catalog.TryGet(account.Tier, out var listed))
        {
            tier = null;
            return false;
        }
        var custom = ActiveOverride(account);
        if (!listed.Limits.FollowsBillingPeriod)
        {
            tier = custom is not null ? custom.ApplyTo(listed) : listed;
            return true;
        }

        var anchor = PeriodAnchorOf(account);
        if (_periodTiers.TryGetValue(account.Id, out var kept) && kept.IsOf(listed, custom, anchor))
        {
            tier = kept.Tier;
            return true;
        }
        var merged = custom is not null ? custom.ApplyTo(listed) : listed;
        tier = merged with { Limits = merged.Limits with { PeriodAnchor = anchor } };
        if (_periodTiers.Count >= MaxPeriodTiers)
        {
            _periodTiers.Clear();
        }
        _periodTiers[account.Id] = new PeriodTier(listed, custom, anchor, tier);
        return true;
    }

    /// <summary>Where the account's billing periods start from: Stripe's billing cycle anchor, else the account's creation.</summary>
    public static DateTimeOffset PeriodAnchorOf(AccountRecord account) => account.Billing.CycleAnchor ?? account.CreatedAt;

    /// <summary>The account's override while it applies; null when it has none or it has expired.</summary>
    public LimitOverride? ActiveOverride(AccountRecord account) =>
        account.LimitOverride is { } custom && custom.AppliesAt(timeProvider.GetUtcNow()) ? custom : null;

    /// <summary>An account's billing-period tier and what it was made from.</summary>
    private sealed class PeriodTier(Tier listed, LimitOverride? custom, DateTimeOffset anchor, Tier tier)
    {
        public Tier Tier => tier;

        // The catalogue's tier by reference (a reload makes new ones); the override by value (a re-read account brings
        // an equal copy, and equal overrides give the same limits).
        public bool IsOf(Tier catalogued, LimitOverride? applying, DateTimeOffset periodAnchor) =>
            ReferenceEquals(listed, catalogued) && Equals(custom, applying) && anchor.EqualsExact(periodAnchor);
    }
}
