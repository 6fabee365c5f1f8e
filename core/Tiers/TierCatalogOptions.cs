namespace Tollgate.Core.Tiers;

/// <summary>
/// The <c>Tiers</c> configuration section: tier name to definition. Names are matched without
/// regard to case, so <c>Tiers__Pro__RequestsPerHour</c> and <c>tier=pro</c> mean the same tier.
/// </summary>
public sealed class TierCatalogOptions() : Dictionary<string, TierOptions>(StringComparer.OrdinalIgnoreCase)
{
    /// <summary>Configuration section the catalogue is bound from.</summary>
    public const string SectionName = "Tiers";
}
