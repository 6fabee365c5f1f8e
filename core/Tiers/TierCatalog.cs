using System.Collections.Frozen;
using Tollgate.Core.Limiting;

namespace Tollgate.Core.Tiers;

/// <summary>The validated, ordered tier catalogue. Immutable: a new catalogue replaces it on reload.</summary>
public sealed class TierCatalog
{
    private readonly FrozenDictionary<string, Tier> _byName;

    private TierCatalog(IReadOnlyList<Tier> ordered)
    {
        Ordered = ordered;
        _byName = ordered.ToFrozenDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Tiers from cheapest to dearest.</summary>
    public IReadOnlyList<Tier> Ordered { get; }

    /// <summary>Builds the catalogue from options that have passed <see cref="TierCatalogOptionsValidator"/>.</summary>
    public static TierCatalog From(TierCatalogOptions options)
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
                new TierLimits(p.Value.RequestsPerHour, p.Value.RequestsPerDay, p.Value.RequestsPerMonth),
                p.Value.MaxKeys,
                [.. p.Value.Features.Distinct(StringComparer.Ordinal)],
                rank))
            .ToList();
        return new TierCatalog(ordered);
    }

    /// <summary>Finds a tier by name, ignoring case.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Tier? tier) =>
        _byName.TryGetValue(name, out tier);

    /// <summary>The cheapest tier that unlocks <paramref name="feature"/>, or null when none does.</summary>
    public Tier? LowestTierWith(string feature)
    {
        foreach (var tier in Ordered)
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
}
