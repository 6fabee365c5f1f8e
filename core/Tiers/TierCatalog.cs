using System.Collections.Frozen;
using Tollgate.Core.Limiting;

namespace Tollgate.Core.Tiers;

/// <summary>
/// The validated, ordered tier catalogue. Each reading sees one immutable snapshot; a valid edit of the
/// configuration swaps in a new snapshot (see <see cref="TierCatalogReloader"/>) without a restart.
/// </summary>
public sealed class TierCatalog
{
    private volatile Snapshot _current;

    private TierCatalog(Snapshot snapshot) => _current = snapshot;

    /// <summary>Tiers from cheapest to dearest.</summary>
    public IReadOnlyList<Tier> Ordered => _current.Ordered;

    /// <summary>Builds the catalogue from options that have passed <see cref="TierCatalogOptionsValidator"/>.</summary>
    public static TierCatalog From(TierCatalogOptions options) => new(Snapshot.From(options));

    /// <summary>Replaces the catalogue with <paramref name="options"/>, which must have passed validation.</summary>
    internal void Replace(TierCatalogOptions options) => _current = Snapshot.From(options);

    /// <summary>Finds a tier by name, ignoring case.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Tier? tier) =>
        _current.ByName.TryGetValue(name, out tier);

    /// <summary>The cheapest tier that unlocks <paramref name="feature"/>, or null when none does.</summary>
    public Tier? LowestTierWith(string feature)
    {
        foreach (var tier in _current.Ordered)
        {
            if (tier.HasFeature(feature))
            {
                return tier;
            }
        }
        return null;
    }

    /// <summary>True when some tier unlocks <paramref name="feature"/>.</summary>
    public bool IsKnownFeature(string feature) => LowestTierWith(feature) is not null;

    private sealed record Snapshot(IReadOnlyList<Tier> Ordered, FrozenDictionary<string, Tier> ByName)
    {
        public static Snapshot From(TierCatalogOptions options)
        {
            // Configuration sorts section keys alphabetically, so the order people expect (cheap to dear) is derived.
            var ordered = options
                .OrderBy(p => p.Value.PriceMonthly)
                .ThenBy(p => p.Value.RequestsPerHour)
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select((p, rank) => new Tier(
                    p.Key.ToLowerInvariant(),
                    p.Value.DisplayName,
                    p.Value.PriceMonthly,
                    LimitsOf(p.Value),
                    p.Value.MaxKeys,
                    [.. p.Value.Features.Distinct(StringComparer.Ordinal)],
                    rank)
                {
                    OverageUnitPrice = p.Value.BillsOverage ? p.Value.UnitPrice : null,
                })
                .ToList();
            return new Snapshot(ordered, ordered.ToFrozenDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase));
        }

        private static TierLimits LimitsOf(TierOptions tier) => new(tier.RequestsPerHour, tier.RequestsPerDay, tier.RequestsPerMonth)
        {
            PerSecond = tier.RequestsPerSecond,
            UsageAlerts = tier.UsageAlerts is { } alerts ? [.. alerts.Distinct().Order()] : TierLimits.DefaultUsageAlerts,
            Overage = tier.BillsOverage ? OverageMode.Bill : OverageMode.Block,
            OverageCap = tier.BillsOverage ? tier.Cap : null,
            MonthlyWindow = tier.TryReadMonthlyWindow(out var month) ? month : MonthlyWindow.Sliding30Days,
        };
    }
}
